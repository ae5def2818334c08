package dev.atrium.core.xds;

import dev.atrium.core.ir.UpstreamTlsIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;

/** The cluster's connections originate mesh TLS ({@link MeshTlsContexts#upstream}). */
final class UpstreamMeshTlsConfigurer implements ClusterConfigurer {
  private final UpstreamTlsIr tls;

  UpstreamMeshTlsConfigurer(UpstreamTlsIr tls) {
    this.tls = tls;
  }

  @Override
  public void configure(Cluster.Builder cluster) {
    cluster.setTransportSocket(MeshTlsContexts.upstream(tls));
  }
}
