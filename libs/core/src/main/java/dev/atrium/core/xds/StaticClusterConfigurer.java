package dev.atrium.core.xds;

import dev.atrium.core.ir.ClusterIr.SocketAddressIr;
import dev.atrium.core.ir.EndpointsIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;

/** The cluster's one host is written into it (the application behind an inbound): no EDS round trip. */
final class StaticClusterConfigurer implements ClusterConfigurer {
  private final SocketAddressIr address;

  StaticClusterConfigurer(SocketAddressIr address) {
    this.address = address;
  }

  @Override
  public void configure(Cluster.Builder cluster) {
    cluster.setType(Cluster.DiscoveryType.STATIC)
        .setLoadAssignment(EnvoyProtos.loadAssignment(cluster.getName(),
            List.of(new EndpointsIr.Endpoint(address.address(), address.port(), 1))));
  }
}
