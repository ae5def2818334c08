package dev.atrium.core.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.BindConfig;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;

/**
 * A passthrough cluster: its host is each connection's original destination (the address:port the
 * client dialled before iptables redirected it), so the load balancer is the cluster's own
 * (CLUSTER_PROVIDED). With a source address, upstream connections are bound to it (port 0: any).
 */
final class OriginalDstClusterConfigurer implements ClusterConfigurer {
  private final String sourceAddress;

  OriginalDstClusterConfigurer(String sourceAddress) {
    this.sourceAddress = sourceAddress;
  }

  @Override
  public void configure(Cluster.Builder cluster) {
    cluster.setType(Cluster.DiscoveryType.ORIGINAL_DST).setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED);
    if (sourceAddress != null) {
      cluster.setUpstreamBindConfig(BindConfig.newBuilder()
          .setSourceAddress(SocketAddress.newBuilder().setAddress(sourceAddress).setPortValue(0)));
    }
  }
}
