package dev.atrium.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Kuma's checks of a Mesh's {@code logging} (mesh_validator.go): each backend has a name used once,
 * a known type (file needs {@code conf.path}, tcp a {@code conf.address} of HOST:PORT), and the
 * default backend names one of them. Kuma reports the conf under {@code config}.
 */
final class MeshLoggingValidator {
  private MeshLoggingValidator() {}

  static void validate(JsonNode logging, FieldPath path, Violations v) {
    if (logging == null || logging.isNull() || logging.isMissingNode()) return;
    Set<String> names = new HashSet<>();
    JsonNode backends = logging.path("backends");
    for (int i = 0; i < backends.size(); i++) {
      JsonNode b = backends.get(i);
      FieldPath at = path.field("backends").index(i);
      String name = b.path("name").asText("");
      if (name.isEmpty()) v.add(at.field("name"), "cannot be empty");
      String type = b.path("type").asText("");
      JsonNode conf = b.path("conf");
      switch (type) {
        case "file" -> {
          if (conf.path("path").asText("").isEmpty()) v.add(at.field("config").field("path"), "cannot be empty");
        }
        case "tcp" -> {
          String address = conf.path("address").asText("");
          if (address.isEmpty()) {
            v.add(at.field("config").field("address"), "cannot be empty");
          } else if (!hostPort(address)) {
            v.add(at.field("config").field("address"), "has to be in format of HOST:PORT");
          }
        }
        default -> v.add(at.field("type"), "unknown backend type. Available backends: \"tcp\", \"file\"");
      }
      if (!names.add(name)) v.add(at.field("name"), "\"" + name + "\" name is already used for another backend");
    }
    String defaultBackend = logging.path("defaultBackend").asText("");
    if (!defaultBackend.isEmpty() && !names.contains(defaultBackend)) {
      v.add(path.field("defaultBackend"), "has to be set to one of the logging backend in mesh");
    }
  }

  /** Go's net.SplitHostPort with both parts present (an IPv6 host in brackets). */
  private static boolean hostPort(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) return false;
    String host = address.substring(0, colon);
    if (host.startsWith("[")) return host.endsWith("]") && host.length() > 2;
    return !host.contains(":");
  }
}
