package dev.atrium.core.xds;

import com.google.protobuf.Any;
import dev.atrium.core.ir.TimeoutIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/**
 * A MeshTimeout's upstream connection limits on an HTTP cluster: how long a pooled connection may stay
 * idle and live at all ({@code common_http_protocol_options}). Envoy takes them only inside the
 * upstream HttpProtocolOptions extension, which must name a protocol: HTTP/1.1, as Atrium's clusters
 * speak when nothing says otherwise. (The connect timeout is the cluster's own field, set by
 * {@link ConnectTimeoutConfigurer} from the IR.)
 */
final class UpstreamTimeoutsConfigurer implements ClusterConfigurer {
  static final String EXTENSION = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  private final TimeoutIr timeout;

  UpstreamTimeoutsConfigurer(TimeoutIr timeout) {
    this.timeout = timeout;
  }

  /** Whether {@code timeout} sets anything this configurer writes. */
  static boolean applies(TimeoutIr timeout) {
    return timeout != null && (timeout.idleTimeout() != null || timeout.maxConnectionDuration() != null);
  }

  @Override
  public void configure(Cluster.Builder cluster) {
    io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.Builder common =
        io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.newBuilder();
    if (timeout.idleTimeout() != null) common.setIdleTimeout(EnvoyProtos.duration(timeout.idleTimeout()));
    if (timeout.maxConnectionDuration() != null) {
      common.setMaxConnectionDuration(EnvoyProtos.duration(timeout.maxConnectionDuration()));
    }
    HttpProtocolOptions options = HttpProtocolOptions.newBuilder()
        .setCommonHttpProtocolOptions(common)
        .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
            .setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance()))
        .build();
    cluster.putTypedExtensionProtocolOptions(EXTENSION, Any.pack(options));
  }
}
