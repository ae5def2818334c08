package dev.atrium.core.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.time.Duration;

/** How long one TCP connect to a host may take before Envoy gives up on it. */
final class ConnectTimeoutConfigurer implements ClusterConfigurer {
  private final Duration timeout;

  ConnectTimeoutConfigurer(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public void configure(Cluster.Builder cluster) {
    cluster.setConnectTimeout(EnvoyProtos.duration(timeout));
  }
}
