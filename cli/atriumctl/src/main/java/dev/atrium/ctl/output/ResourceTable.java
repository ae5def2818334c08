package dev.atrium.ctl.output;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.mesh.MeshSpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The columns of {@code atriumctl get} per kind. kumactl's defaults (MESH NAME AGE, NAME AGE for
 * kinds outside a mesh) plus the few columns that answer the first question about a kind: which
 * service a Dataplane is and where, what a MeshGateway listens on, whether a Mesh has mTLS.
 */
public final class ResourceTable {
  private ResourceTable() {}

  private static final Comparator<Map.Entry<String, String>> BY_KEY_THEN_VALUE =
      Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue());

  public static TableWriter of(ResourceKind kind, List<ListedResource> items, Instant now) {
    TableWriter table = new TableWriter(headers(kind));
    for (ListedResource item : items) table.addRow(row(kind, item, now));
    return table;
  }

  static List<String> headers(ResourceKind kind) {
    return switch (kind) {
      case MESH -> List.of("NAME", "MTLS", "AGE");
      case DATAPLANE -> List.of("MESH", "NAME", "TAGS", "ADDRESS", "AGE");
      case MESH_GATEWAY -> List.of("MESH", "NAME", "LISTENERS", "AGE");
      default -> kind.isMeshScoped() ? List.of("MESH", "NAME", "AGE") : List.of("NAME", "AGE");
    };
  }

  private static List<String> row(ResourceKind kind, ListedResource item, Instant now) {
    Resource r = item.resource();
    String age = Age.since(item.modificationTime(), now);
    return switch (kind) {
      case MESH -> List.of(r.name(), mtls(r.specAs(MeshSpec.class)), age);
      case DATAPLANE -> {
        DataplaneSpec spec = r.specAs(DataplaneSpec.class);
        String address = spec.networking() == null ? "" : nullToEmpty(spec.networking().address());
        yield List.of(r.mesh(), r.name(), tags(spec), address, age);
      }
      case MESH_GATEWAY -> List.of(r.mesh(), r.name(), listeners(r.specAs(MeshGatewaySpec.class)), age);
      default -> kind.isMeshScoped() ? List.of(r.mesh(), r.name(), age) : List.of(r.name(), age);
    };
  }

  /**
   * Every tag of every inbound and of the gateway, as sorted unique {@code k=v} pairs: one line per
   * proxy, and the same proxy always prints the same way.
   */
  static String tags(DataplaneSpec spec) {
    if (spec.networking() == null) return "";
    TreeSet<Map.Entry<String, String>> pairs = new TreeSet<>(BY_KEY_THEN_VALUE);
    for (DataplaneSpec.Inbound inbound : spec.networking().inbound()) pairs.addAll(inbound.tags().entrySet());
    if (spec.networking().gateway() != null) pairs.addAll(spec.networking().gateway().tags().entrySet());
    return pairs.stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  /** {@code HTTP:8080/foo.example.com}, comma-joined; "*" is the hostname Kuma assumes when none is set. */
  static String listeners(MeshGatewaySpec spec) {
    if (spec.conf() == null) return "";
    return spec.conf().listeners().stream()
        .map(l -> (l.protocol() == null ? "?" : l.protocol().name()) + ":"
            + (l.port() == null ? "?" : l.port()) + "/" + l.effectiveHostname())
        .collect(Collectors.joining(","));
  }

  /** "off", or the enabled backend as {@code type/name} (e.g. builtin/ca-1) so its kind shows too. */
  static String mtls(MeshSpec spec) {
    if (!spec.mtlsEnabled()) return "off";
    String enabled = spec.mtls().enabledBackend();
    return spec.mtls().backends().stream()
        .filter(b -> enabled.equals(b.name()) && b.type() != null && !b.type().isEmpty())
        .map(b -> b.type().toLowerCase(java.util.Locale.ROOT) + "/" + enabled)
        .findFirst()
        .orElse(enabled);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
