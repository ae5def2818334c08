package dev.atrium.bench.policy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.model.permission.MeshTrafficPermissionSpec;
import dev.atrium.core.model.permission.MeshTrafficPermissionSpec.Conf;
import dev.atrium.core.model.permission.MeshTrafficPermissionSpec.From;
import dev.atrium.core.model.route.TargetRef;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mesh the benchmark resolves: N Dataplanes {@code dp-i} over S = N/10 services, each with two
 * inbounds ({@code svc-(i mod S)} and its admin port {@code svc-(i mod S)-admin}, tags {@code version},
 * {@code team}), and N MeshTrafficPermissions whose top-level targetRefs mix Kuma's kinds the way a
 * large mesh does: 1 in 100 Mesh, 1 in 4 MeshSubset (a team), 2 in 4 MeshService, the rest
 * MeshServiceSubset or one Dataplane by name; each with two or three {@code from} entries (a service
 * allowed, a version denied, some AllowWithShadowDeny). So each inbound is selected by about twenty
 * permissions and every caller resolution merges overlapping entries.
 */
final class PolicyTopology {
  private PolicyTopology() {}

  static final String MESH = "default";

  static MeshSnapshot build(int dataplanes, int permissions) {
    int services = Math.max(1, dataplanes / 10);
    List<Resource> resources = new ArrayList<>();
    for (int i = 0; i < dataplanes; i++) {
      String svc = "svc-" + (i % services);
      Map<String, String> tags = Map.of("kuma.io/service", svc, "kuma.io/protocol", "http",
          "version", "v" + (i % 3), "team", "team-" + (i % 50));
      Map<String, String> admin = Map.of("kuma.io/service", svc + "-admin", "team", "team-" + (i % 50));
      DataplaneSpec spec = new DataplaneSpec(new DataplaneSpec.Networking("10.0." + (i / 250) + "." + (i % 250), null,
          List.of(new DataplaneSpec.Inbound(8080, 18080, null, null, tags, null, null, null, "http"),
              new DataplaneSpec.Inbound(9901, 19901, null, null, admin, null, null, null, "admin")),
          List.of(), null, null, null), null, null);
      resources.add(new Resource(ResourceKind.DATAPLANE, ResourceMeta.of(MESH, "dp-" + i), spec));
    }
    for (int p = 0; p < permissions; p++) {
      resources.add(new Resource(ResourceKind.MESH_TRAFFIC_PERMISSION, ResourceMeta.of(MESH, String.format("mtp-%05d", p)),
          new MeshTrafficPermissionSpec(topLevel(p, services, dataplanes), from(p, services), List.of())));
    }
    Resource mesh = new Resource(ResourceKind.MESH, ResourceMeta.of(null, MESH), MeshSpec.empty());
    return MeshSnapshot.of(mesh, resources);
  }

  private static TargetRef topLevel(int p, int services, int dataplanes) {
    String svc = "svc-" + (p % services);
    if (p % 100 == 0) return ref("Mesh", null, Map.of(), null);
    return switch (p % 8) {
      case 0, 4 -> ref("MeshSubset", null, Map.of("team", "team-" + (p % 50)), null);
      case 1, 3, 5, 7 -> ref("MeshService", svc, Map.of(), null);
      case 2 -> ref("MeshServiceSubset", svc, Map.of("version", "v" + (p % 3)), null);
      default -> ref("Dataplane", "dp-" + (p % dataplanes), Map.of(), p % 16 == 6 ? "admin" : null);
    };
  }

  private static List<From> from(int p, int services) {
    List<From> from = new ArrayList<>();
    from.add(new From(ref("MeshService", "svc-" + ((p + 1) % services), Map.of(), null), new Conf("Allow")));
    from.add(new From(ref("MeshSubset", null, Map.of("version", "v" + (p % 3)), null), new Conf("Deny")));
    if (p % 3 == 0) {
      from.add(new From(ref("MeshServiceSubset", "svc-" + ((p + 2) % services), Map.of("team", "team-" + (p % 50)), null),
          new Conf("AllowWithShadowDeny")));
    }
    return from;
  }

  private static TargetRef ref(String kind, String name, Map<String, String> tags, String sectionName) {
    return new TargetRef(kind, name, null, null, tags, Map.of(), List.of(), sectionName);
  }
}
