package dev.atrium.core.translate;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Backend;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway route's backends as clusters: each backend is the EDS cluster of its destination's
 * kuma.io/service (named like a sidecar's outbound cluster, with the service's ready endpoints), and
 * the proxy depends on that service. Other destination tags (subsets) are not used yet: the whole
 * service is the destination.
 */
final class GatewayBackends {
  private final MeshSnapshot mesh;
  private final ProxyIrBuilder out;

  GatewayBackends(MeshSnapshot mesh, ProxyIrBuilder out) {
    this.mesh = mesh;
    this.out = out;
  }

  /** The clusters of {@code backends} with their weights, in order; backends without a service are left out. */
  List<WeightedCluster> clusters(List<Backend> backends, boolean http) {
    List<WeightedCluster> clusters = new ArrayList<>();
    for (Backend backend : backends) {
      String service = backend.destination().get(KumaTags.SERVICE);
      if (service != null) clusters.add(cluster(service, backend.effectiveWeight(), http));
    }
    return clusters;
  }

  /** The EDS cluster of {@code service} (added with its endpoints, once), weighted. */
  WeightedCluster cluster(String service, int weight, boolean http) {
    String cluster = ProxyNames.serviceCluster(service);
    out.addCluster(ClusterIr.eds(cluster, service, http));
    out.addEndpoints(new EndpointsIr(cluster, mesh.endpointsOf(service).stream()
        .map(e -> new EndpointsIr.Endpoint(e.address(), e.port(), 1))
        .toList()));
    out.dependOn(service);
    return new WeightedCluster(cluster, weight);
  }
}
