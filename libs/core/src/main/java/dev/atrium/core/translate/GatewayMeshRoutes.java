package dev.atrium.core.translate;

import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.route.BackendRef;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.model.route.MeshTCPRouteSpec;
import dev.atrium.core.model.route.TargetRef;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.translate.GatewayTranslator.TaggedListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MeshHTTPRoutes and MeshTCPRoutes attached to a gateway's listeners: a system-role route (no
 * {@code kuma.io/policy-role} label, or {@code system}) whose {@code targetRef} is {@code kind:
 * MeshGateway} with the gateway's name, and whose {@code targetRef.tags}, if any, all equal the
 * listener's merged tags. MeshHTTPRoute attaches to HTTP listeners, MeshTCPRoute to TCP ones (HTTPS and
 * TLS are not translated yet). A listener with an attached route of the newer kind ignores the
 * MeshGatewayRoutes (Kuma: "the newer kind wins"); hostnames do not decide attachment.
 */
final class GatewayMeshRoutes {
  static final String POLICY_ROLE_LABEL = "kuma.io/policy-role";

  private final String gateway;
  private final List<Resource> httpRoutes;
  private final List<Resource> tcpRoutes;

  GatewayMeshRoutes(MeshSnapshot mesh, String gateway) {
    this.gateway = gateway;
    this.httpRoutes = mesh.all(ResourceKind.MESH_HTTP_ROUTE);
    this.tcpRoutes = mesh.all(ResourceKind.MESH_TCP_ROUTE);
  }

  /** The MeshHTTPRoutes attached to {@code listener}, by name. */
  List<Resource> http(TaggedListener listener) {
    return httpRoutes.stream()
        .filter(r -> attaches(r, r.specAs(MeshHTTPRouteSpec.class).targetRef(), listener.tags()))
        .toList();
  }

  /** The MeshTCPRoutes attached to {@code listener}, by name. */
  List<Resource> tcp(TaggedListener listener) {
    return tcpRoutes.stream()
        .filter(r -> attaches(r, r.specAs(MeshTCPRouteSpec.class).targetRef(), listener.tags()))
        .toList();
  }

  /** Every backend of every rule of a MeshTCPRoute's {@code to: Mesh} entries, weighted. */
  static List<WeightedCluster> tcpClusters(Resource route, GatewayBackends backends) {
    List<WeightedCluster> clusters = new ArrayList<>();
    for (MeshTCPRouteSpec.To to : route.specAs(MeshTCPRouteSpec.class).to()) {
      if (!toMesh(to.targetRef())) continue;
      for (MeshTCPRouteSpec.Rule rule : to.rules()) {
        if (rule.defaultConf() != null) clusters.addAll(clusters(rule.defaultConf().backendRefs(), false, backends));
      }
    }
    return clusters;
  }

  /**
   * The clusters of MeshService and MeshServiceSubset backendRefs (a subset: only the endpoints with its tags): the service
   * is {@code name}, or Kuma's legacy {@code tags: {kuma.io/service: ...}}. {@code port} is not used
   * (a service is one kuma.io/service); other kinds (MeshExternalService, MeshMultiZoneService) are left out.
   */
  static List<WeightedCluster> clusters(List<BackendRef> refs, boolean http, GatewayBackends backends) {
    List<WeightedCluster> clusters = new ArrayList<>();
    for (BackendRef ref : refs) {
      if (!TargetRef.MESH_SERVICE.equals(ref.kind()) && !"MeshServiceSubset".equals(ref.kind())) continue;
      String service = ref.name() != null && !ref.name().isEmpty() ? ref.name() : ref.tags().get(KumaTags.SERVICE);
      if (service == null) continue;
      // A MeshServiceSubset's tags (besides kuma.io/service) pick the endpoints.
      Map<String, String> subset = new java.util.TreeMap<>("MeshServiceSubset".equals(ref.kind()) ? ref.tags() : Map.of());
      subset.remove(KumaTags.SERVICE);
      clusters.add(backends.cluster(service, subset, ref.effectiveWeight(), http));
    }
    return clusters;
  }

  /**
   * Whether a MeshHTTPRoute's {@code to} entry applies on the listener of {@code host}: it targets
   * {@code kind: Mesh} and lists no hostnames, or one that covers the listener's ({@link GatewayRouteTable#hostnamesMatch}).
   */
  static boolean applies(MeshHTTPRouteSpec.To to, String host) {
    if (!toMesh(to.targetRef())) return false;
    return to.hostnames().isEmpty() || to.hostnames().stream().anyMatch(h -> GatewayRouteTable.hostnamesMatch(h, host));
  }

  static boolean toMesh(TargetRef to) {
    return to != null && TargetRef.MESH.equals(to.kind());
  }

  static boolean isSystemRole(Map<String, String> labels) {
    String role = labels.get(POLICY_ROLE_LABEL);
    return role == null || role.isEmpty() || role.equals("system");
  }

  private boolean attaches(Resource route, TargetRef top, Map<String, String> listenerTags) {
    if (top == null || !TargetRef.MESH_GATEWAY.equals(top.kind()) || !gateway.equals(top.name())) return false;
    if (!isSystemRole(route.meta().labels())) return false;
    return top.tags().entrySet().stream().allMatch(t -> t.getValue().equals(listenerTags.get(t.getKey())));
  }
}
