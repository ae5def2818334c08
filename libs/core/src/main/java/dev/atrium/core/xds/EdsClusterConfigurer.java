package dev.atrium.core.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;

/** The cluster's hosts come over ADS as a ClusterLoadAssignment named like the cluster (EDS, v3). */
final class EdsClusterConfigurer implements ClusterConfigurer {
  @Override
  public void configure(Cluster.Builder cluster) {
    cluster.setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(EnvoyProtos.ads()));
  }
}
