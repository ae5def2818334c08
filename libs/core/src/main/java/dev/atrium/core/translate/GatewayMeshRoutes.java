package dev.atrium.core.translate;

import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.route.BackendRef;
import dev.atrium.core.model.route.MeshTCPRouteSpec;
import dev.atrium.core.model.route.TargetRef;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.snapshot.KumaTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The clusters of MeshHTTPRoute and MeshTCPRoute backendRefs on a builtin gateway. Which of these routes
 * attach to which listener is the policy stage's decision ({@code dev.atrium.core.policy.GatewayPolicyMatcher}).
 */
final class GatewayMeshRoutes {
  private GatewayMeshRoutes() {}

  /** Every backend of every rule of a MeshTCPRoute's {@code to} entries {@code to} (kind Mesh), weighted. */
  static List<WeightedCluster> tcpClusters(Resource route, List<Integer> to, GatewayBackends backends) {
    List<WeightedCluster> clusters = new ArrayList<>();
    List<MeshTCPRouteSpec.To> entries = route.specAs(MeshTCPRouteSpec.class).to();
    for (int t : to) {
      List<MeshTCPRouteSpec.Rule> rules = entries.get(t).rules();
      for (int i = 0; i < rules.size(); i++) {
        MeshTCPRouteSpec.Rule rule = rules.get(i);
        Origin origin = new Origin(route.kind(), route.name(), "spec.to[" + t + "].rules[" + i + "]");
        if (rule.defaultConf() != null) {
          clusters.addAll(clusters(rule.defaultConf().backendRefs(), false, backends, origin));
        }
      }
    }
    return clusters;
  }

  /**
   * The clusters of MeshService and MeshServiceSubset backendRefs (a subset: only the endpoints with its tags): the service
   * is {@code name}, or Kuma's legacy {@code tags: {kuma.io/service: ...}}. {@code port} is not used
   * (a service is one kuma.io/service); other kinds (MeshExternalService, MeshMultiZoneService) are left out.
   */
  static List<WeightedCluster> clusters(List<BackendRef> refs, boolean http, GatewayBackends backends, Origin origin) {
    List<WeightedCluster> clusters = new ArrayList<>();
    for (BackendRef ref : refs) {
      if (!TargetRef.MESH_SERVICE.equals(ref.kind()) && !"MeshServiceSubset".equals(ref.kind())) continue;
      String service = ref.name() != null && !ref.name().isEmpty() ? ref.name() : ref.tags().get(KumaTags.SERVICE);
      if (service == null) continue;
      // A MeshServiceSubset's tags (besides kuma.io/service) pick the endpoints.
      Map<String, String> subset = new java.util.TreeMap<>("MeshServiceSubset".equals(ref.kind()) ? ref.tags() : Map.of());
      subset.remove(KumaTags.SERVICE);
      clusters.add(backends.cluster(service, subset, ref.effectiveWeight(), http, origin));
    }
    return clusters;
  }
}
