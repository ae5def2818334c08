package dev.atrium.core.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;

/** Sets one aspect of a cluster (discovery type, timeouts, ...); generators apply them in order. */
@FunctionalInterface
interface ClusterConfigurer {
  void configure(Cluster.Builder cluster);
}
