package dev.atrium.ctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.ctl.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * atriumctl's config file, in kumactl's layout ({@code controlPlanes[].coordinates.apiServer.{url,
 * authType, authConf}}, {@code contexts[]}, {@code currentContext}), at {@code ~/.atriumctl/config}
 * unless {@code --config-file} says otherwise. It may hold tokens: written with mode 0600 (and its
 * directory 0700), by replacing the file so it is never readable half-written. Fields atriumctl does not
 * use are kept as they are.
 */
public final class CtlConfigFile {
  private final Path path;
  private final ObjectNode root;

  private CtlConfigFile(Path path, ObjectNode root) {
    this.path = path;
    this.root = root;
  }

  /** {@code $HOME/.atriumctl/config}, as kumactl's {@code $HOME/.kumactl/config}. */
  public static Path defaultPath() {
    String home = System.getenv("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".atriumctl", "config");
  }

  /** The file's contents; an absent file is an empty config. */
  public static CtlConfigFile load(Path path) {
    if (!Files.exists(path)) return new CtlConfigFile(path, Mappers.JSON.createObjectNode());
    try {
      JsonNode tree = Mappers.YAML.readTree(Files.readString(path, StandardCharsets.UTF_8));
      if (tree == null || tree.isMissingNode() || tree.isNull()) return new CtlConfigFile(path, Mappers.JSON.createObjectNode());
      if (!tree.isObject()) throw new CliException("config file " + path + " is not a YAML mapping");
      return new CtlConfigFile(path, (ObjectNode) tree);
    } catch (IOException e) {
      throw new CliException("cannot read config file " + path + ": " + e.getMessage());
    }
  }

  /** The control plane of the current context, if any. */
  public Optional<ControlPlane> current() {
    String context = root.path("currentContext").asText("");
    if (context.isEmpty()) return Optional.empty();
    String cpName = null;
    for (JsonNode c : root.path("contexts")) {
      if (context.equals(c.path("name").asText())) cpName = c.path("controlPlane").asText();
    }
    if (cpName == null) return Optional.empty();
    for (JsonNode cp : root.path("controlPlanes")) {
      if (cpName.equals(cp.path("name").asText())) return Optional.of(read(cp));
    }
    return Optional.empty();
  }

  /**
   * Adds {@code cp} and a context of the same name, and makes it current. False when the name is taken
   * and {@code overwrite} is not set.
   */
  public boolean add(ControlPlane cp, boolean overwrite) {
    ArrayNode planes = array("controlPlanes");
    int existing = indexOf(planes, cp.name());
    if (existing >= 0 && !overwrite) return false;
    ObjectNode entry = Mappers.JSON.createObjectNode();
    ObjectNode apiServer = entry.putObject("coordinates").putObject("apiServer");
    apiServer.put("url", cp.url());
    if (!cp.authType().isEmpty()) apiServer.put("authType", cp.authType());
    if (!cp.authConf().isEmpty()) {
      ObjectNode conf = apiServer.putObject("authConf");
      cp.authConf().forEach(conf::put);
    }
    entry.put("name", cp.name());
    if (existing >= 0) planes.set(existing, entry); else planes.add(entry);
    ArrayNode contexts = array("contexts");
    if (indexOf(contexts, cp.name()) < 0) contexts.addObject().put("controlPlane", cp.name()).put("name", cp.name());
    else ((ObjectNode) contexts.get(indexOf(contexts, cp.name()))).put("controlPlane", cp.name());
    root.put("currentContext", cp.name());
    return true;
  }

  public void save() {
    try {
      Path dir = path.toAbsolutePath().getParent();
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      if (!Files.exists(dir)) {
        if (posix) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        else Files.createDirectories(dir);
      }
      Path tmp = posix
          ? Files.createTempFile(dir, ".config", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(dir, ".config", ".tmp");
      Files.writeString(tmp, Mappers.YAML.writeValueAsString(root), StandardCharsets.UTF_8);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliException("cannot write config file " + path + ": " + e.getMessage());
    }
  }

  public Path path() {
    return path;
  }

  private static ControlPlane read(JsonNode cp) {
    JsonNode api = cp.path("coordinates").path("apiServer");
    Map<String, String> conf = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = api.path("authConf").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      conf.put(e.getKey(), e.getValue().asText());
    }
    return new ControlPlane(cp.path("name").asText(), api.path("url").asText(""), api.path("authType").asText(""), conf);
  }

  private ArrayNode array(String field) {
    return root.path(field).isArray() ? (ArrayNode) root.get(field) : root.putArray(field);
  }

  private static int indexOf(ArrayNode entries, String name) {
    for (int i = 0; i < entries.size(); i++) {
      if (name.equals(entries.get(i).path("name").asText())) return i;
    }
    return -1;
  }
}
