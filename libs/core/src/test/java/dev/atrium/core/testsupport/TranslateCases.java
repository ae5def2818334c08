package dev.atrium.core.testsupport;

import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.translate.ProxyTranslator;
import dev.atrium.core.translate.ZoneIngressTranslator;
import java.util.ArrayList;
import java.util.Optional;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.translate.OtherMeshes;
import java.util.Map;
import java.util.TreeMap;
import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The translation golden cases: each directory under {@code src/test/resources/translate/} holds an
 * {@code in.yaml} (a Mesh and its resources, multi-document) whose leading comment names the proxy to
 * translate ({@code # dataplane: kong-01}), and the expected output of each stage beside it. A case
 * with several Meshes says which one the proxy is in ({@code # mesh: blue}).
 * {@code certs/} holds the test-only certificates the TLS cases paste in.
 */
public final class TranslateCases {
  private TranslateCases() {}

  public static final Path DIR = RepoPaths.root().resolve("libs/core/src/test/resources/translate");
  private static final Pattern DATAPLANE = Pattern.compile("^# dataplane: (\\S+)\\s*$", Pattern.MULTILINE);
  /** With several Meshes in one case (cross-mesh): the proxy's mesh; the others are its {@link OtherMeshes}. */
  private static final Pattern MESH = Pattern.compile("^# mesh: (\\S+)\\s*$", Pattern.MULTILINE);

  /** One case: its directory, input text, the snapshot built from it and the proxy to translate. */
  public record Case(String name, Path dir, String input, List<Resource> resources, MeshSnapshot snapshot,
      String dataplane, OtherMeshes others) {
    @Override
    public String toString() {
      return name;
    }

    /**
     * The proxy's IR: a Dataplane's from its mesh ({@link ProxyTranslator}); a ZoneIngress's (the case's
     * {@code # dataplane:} names one) from every mesh of the case ({@link ZoneIngressTranslator}).
     */
    public ProxyIr translate() {
      Optional<Resource> ingress = resources.stream()
          .filter(r -> r.kind() == ResourceKind.ZONE_INGRESS && r.name().equals(dataplane)).findFirst();
      if (ingress.isEmpty()) return ProxyTranslator.translate(snapshot, dataplane, others);
      List<MeshSnapshot> all = new ArrayList<>(List.of(snapshot));
      resources.stream().filter(r -> r.kind() == ResourceKind.MESH && !r.name().equals(snapshot.name()))
          .forEach(m -> others.snapshot(m.name()).ifPresent(all::add));
      return ZoneIngressTranslator.translate(ingress.get(), all);
    }
  }

  public static Stream<String> names() {
    try (Stream<Path> dirs = Files.list(DIR)) {
      // Only directories with an in.yaml: certs/ holds the cases' test certificates.
      return dirs.filter(d -> Files.isRegularFile(d.resolve("in.yaml"))).map(p -> p.getFileName().toString()).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Case load(String name) {
    Path dir = DIR.resolve(name);
    try {
      String input = Files.readString(dir.resolve("in.yaml"), StandardCharsets.UTF_8);
      Matcher m = DATAPLANE.matcher(input);
      if (!m.find()) throw new IllegalStateException(dir + "/in.yaml needs a '# dataplane: <name>' comment");
      List<Resource> resources = ResourceCodec.decodeAll(input);
      Matcher mesh = MESH.matcher(input);
      if (!mesh.find()) return new Case(name, dir, input, resources, snapshot(resources), m.group(1), OtherMeshes.NONE);
      Map<String, MeshSnapshot> byName = new TreeMap<>();
      for (Resource r : resources) {
        if (r.kind() != ResourceKind.MESH) continue;
        byName.put(r.name(), MeshSnapshot.of(r, resources.stream()
            .filter(o -> o.kind() != ResourceKind.MESH && r.name().equals(o.mesh())).toList(), zoneIngresses(resources)));
      }
      MeshSnapshot own = byName.remove(mesh.group(1));
      if (own == null) throw new IllegalStateException(dir + "/in.yaml: no Mesh " + mesh.group(1));
      return new Case(name, dir, input, resources, own, m.group(1), OtherMeshes.of(byName));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The snapshot of the one Mesh among {@code resources} with all the others in it. */
  public static MeshSnapshot snapshot(List<Resource> resources) {
    List<Resource> meshes = resources.stream().filter(r -> r.kind() == ResourceKind.MESH).toList();
    if (meshes.size() != 1) throw new IllegalStateException("a case needs exactly one Mesh, found " + meshes.size());
    return MeshSnapshot.of(meshes.get(0), resources.stream()
        .filter(r -> r.kind() != ResourceKind.MESH && r.kind() != ResourceKind.ZONE_INGRESS).toList(), zoneIngresses(resources));
  }

  /** The case's ZoneIngresses: its zone's own, and other zones' (with a {@code zone}). */
  private static List<Resource> zoneIngresses(List<Resource> resources) {
    return resources.stream().filter(r -> r.kind() == ResourceKind.ZONE_INGRESS).toList();
  }
}
