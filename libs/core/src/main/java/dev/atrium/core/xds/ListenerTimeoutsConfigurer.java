package dev.atrium.core.xds;

import dev.atrium.core.ir.TimeoutIr;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;

/**
 * A MeshTimeout's {@code from} limits on an HTTP connection manager (a builtin gateway's listener):
 * connection idle and total life, stream idle, and the time a client has to send its headers. The
 * only source of these timeouts at a gateway: with no policy, Envoy's defaults apply.
 */
final class ListenerTimeoutsConfigurer {
  private ListenerTimeoutsConfigurer() {}

  static void configure(TimeoutIr timeout, HttpConnectionManager.Builder hcm) {
    if (timeout == null) return;
    if (timeout.idleTimeout() != null || timeout.maxConnectionDuration() != null) {
      HttpProtocolOptions.Builder common = hcm.getCommonHttpProtocolOptions().toBuilder();
      if (timeout.idleTimeout() != null) common.setIdleTimeout(EnvoyProtos.duration(timeout.idleTimeout()));
      if (timeout.maxConnectionDuration() != null) {
        common.setMaxConnectionDuration(EnvoyProtos.duration(timeout.maxConnectionDuration()));
      }
      hcm.setCommonHttpProtocolOptions(common);
    }
    if (timeout.streamIdleTimeout() != null) hcm.setStreamIdleTimeout(EnvoyProtos.duration(timeout.streamIdleTimeout()));
    if (timeout.requestHeadersTimeout() != null) {
      hcm.setRequestHeadersTimeout(EnvoyProtos.duration(timeout.requestHeadersTimeout()));
    }
  }
}
