package dev.atrium.core.translate;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Backend;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A gateway route's backends as clusters: each backend is the EDS cluster of its destination's
 * kuma.io/service (named like a sidecar's outbound cluster, with the service's ready endpoints), and
 * the proxy depends on that service. A destination with more tags than kuma.io/service is a subset:
 * its own cluster ({@link ProxyNames#subsetCluster}) with only the endpoints carrying all those tags,
 * so {@code version: v1} 90 / {@code version: v2} 10 is a canary split of one service. A service that
 * is an ExternalService the gateway may reach (Kuma: a MeshService backendRef or a route destination
 * naming its kuma.io/service) is its address instead ({@link ExternalServices}).
 */
final class GatewayBackends {
  private final MeshSnapshot mesh;
  private final Resource dataplane;
  private final ProxyIrBuilder out;
  private final java.util.Set<String> added = new java.util.HashSet<>();

  GatewayBackends(MeshSnapshot mesh, Resource dataplane, ProxyIrBuilder out) {
    this.mesh = mesh;
    this.dataplane = dataplane;
    this.out = out;
  }

  /**
   * The clusters of {@code backends} with their weights, in order; backends without a service are left
   * out. {@code origin}: the rule they belong to, recorded on a cluster the first time it is added.
   */
  List<WeightedCluster> clusters(List<Backend> backends, boolean http, Origin origin) {
    List<WeightedCluster> clusters = new ArrayList<>();
    for (Backend backend : backends) {
      WeightedCluster cluster = destination(backend.destination(), backend.effectiveWeight(), http, origin);
      if (cluster != null) clusters.add(cluster);
    }
    return clusters;
  }

  /** The cluster of a destination's tags (a subset when there are more than kuma.io/service); null without a service. */
  WeightedCluster destination(Map<String, String> destination, int weight, boolean http, Origin origin) {
    String service = destination.get(KumaTags.SERVICE);
    if (service == null) return null;
    // Most destinations name the service alone: no subset map to build for each of thousands of routes.
    if (destination.size() == 1) return cluster(service, Map.of(), weight, http, origin);
    Map<String, String> subset = new TreeMap<>(destination);
    subset.remove(KumaTags.SERVICE);
    return cluster(service, subset, weight, http, origin);
  }

  /**
   * The EDS cluster of the endpoints of {@code service} that carry every tag of {@code subset}; or the
   * cluster of an ExternalService carrying them all.
   */
  WeightedCluster cluster(String service, Map<String, String> subset, int weight, boolean http, Origin origin) {
    String cluster = subset.isEmpty() ? ProxyNames.serviceCluster(service) : ProxyNames.subsetCluster(service, subset);
    // Thousands of routes share a handful of backends: their endpoints are gathered once per cluster.
    if (!added.add(cluster)) return new WeightedCluster(cluster, weight);
    Map<String, String> selector = new TreeMap<>(subset);
    selector.put(KumaTags.SERVICE, service);
    Optional<ExternalServices.Destination> external = ExternalServices.gatewayBackend(mesh, dataplane, selector, cluster, origin);
    if (external.isPresent()) {
      // The route's protocol decides how the gateway speaks to it, as for a mesh service.
      ClusterIr ir = external.get().cluster();
      out.addCluster(ir.http() == http ? ir : new ClusterIr(ir.name(), ir.kind(), ir.service(), ir.connectTimeout(),
          ir.staticAddress(), http, null, null, ir.origin(), ir.policies(), ir.externalTls()));
      out.dependOn(service);
      return new WeightedCluster(cluster, weight);
    }
    ClusterIr ir = ClusterIr.eds(cluster, service, http).withOrigin(origin);
    // With the mesh's mTLS on, the gateway reaches its backends as a mesh client, with its own identity.
    out.addCluster(out.mtls() == null ? ir : ir.withTls(MeshTls.upstream(out.mtls(), service, subset)));
    out.addEndpoints(new EndpointsIr(cluster, EndpointHosts.of(mesh.endpointsOf(service).stream()
        .filter(e -> subset.entrySet().stream().allMatch(t -> t.getValue().equals(e.tags().get(t.getKey()))))
        .toList())));
    out.dependOn(service);
    return new WeightedCluster(cluster, weight);
  }
}
