package dev.atrium.core.xds;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ProxyIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;

/**
 * CDS: every IR cluster, with defaults only — round robin (a passthrough's own balancer for
 * ORIGINAL_DST), the IR's connect timeout, and no outlier detection, circuit breakers or health
 * checks until policies ask for them; mesh TLS when the mesh has mTLS on; an ExternalService's address
 * and TLS; a MeshTimeout's upstream idle and connection-life limits on HTTP clusters; a
 * MeshCircuitBreaker's thresholds and outlier detection; a MeshLoadBalancingStrategy's balancer; a
 * MeshHealthCheck's (or HealthCheck's) active health checks.
 */
final class ClusterGenerator implements ResourceGenerator {
  @Override
  public void generate(ProxyIr proxy, XdsResources.Builder out) {
    for (ClusterIr ir : proxy.clusters()) out.addShared(ClusterGenerator.class, ir, () -> cluster(ir));
  }

  private static Cluster cluster(ClusterIr ir) {
    Cluster.Builder cluster = Cluster.newBuilder().setName(ir.name()).setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
    configurers(ir).forEach(c -> c.configure(cluster));
    return cluster.build();
  }

  private static List<ClusterConfigurer> configurers(ClusterIr ir) {
    ClusterConfigurer discovery = switch (ir.kind()) {
      case EDS -> new EdsClusterConfigurer();
      // A STATIC cluster with a service is an ExternalService's (the application's has none).
      case STATIC -> ir.service() != null ? new ExternalServiceClusterConfigurer(ir) : new StaticClusterConfigurer(ir.staticAddress());
      case STRICT_DNS -> new ExternalServiceClusterConfigurer(ir);
      case ORIGINAL_DST -> new OriginalDstClusterConfigurer(ir.upstreamBindAddress());
    };
    List<ClusterConfigurer> out = new java.util.ArrayList<>(List.of(discovery, new ConnectTimeoutConfigurer(ir.connectTimeout())));
    if (ir.tls() != null) out.add(new UpstreamMeshTlsConfigurer(ir.tls()));
    if (ir.http() && UpstreamTimeoutsConfigurer.applies(ir.policies().timeout())) {
      out.add(new UpstreamTimeoutsConfigurer(ir.policies().timeout()));
    }
    if (ir.policies().circuitBreaker() != null) out.add(new CircuitBreakersConfigurer(ir.policies().circuitBreaker()));
    if (LoadBalancerConfigurer.applies(ir.policies().loadBalancing())) {
      out.add(new LoadBalancerConfigurer(ir.policies().loadBalancing()));
    }
    if (ir.policies().healthCheck() != null) out.add(new HealthChecksConfigurer(ir.policies().healthCheck()));
    return out;
  }
}
