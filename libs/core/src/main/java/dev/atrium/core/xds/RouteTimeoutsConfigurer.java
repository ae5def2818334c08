package dev.atrium.core.xds;

import dev.atrium.core.ir.TimeoutIr;
import io.envoyproxy.envoy.config.route.v3.RouteAction;

/**
 * A MeshTimeout's per-request limits on a forwarding route: the whole request ({@code timeout}; Envoy
 * answers 504 when it runs out), a stream without data ({@code idle_timeout}) and the stream's total
 * life ({@code max_stream_duration}). As in Kuma, a route that a MeshTimeout reaches gets a 15 s request
 * timeout unless a policy sets one (so a gateway's {@code mesh-gateways-timeout-all}, which sets only
 * stream idle, still bounds requests); the other fields no policy set keep Envoy's defaults.
 */
final class RouteTimeoutsConfigurer {
  private RouteTimeoutsConfigurer() {}

  /** Kuma's request timeout for a route a MeshTimeout reaches without setting one. */
  static final java.time.Duration DEFAULT_REQUEST_TIMEOUT = java.time.Duration.ofSeconds(15);

  static void configure(TimeoutIr timeout, RouteAction.Builder action) {
    if (timeout == null) return;
    action.setTimeout(EnvoyProtos.duration(timeout.requestTimeout() != null ? timeout.requestTimeout() : DEFAULT_REQUEST_TIMEOUT));
    if (timeout.streamIdleTimeout() != null) action.setIdleTimeout(EnvoyProtos.duration(timeout.streamIdleTimeout()));
    if (timeout.maxStreamDuration() != null) {
      action.setMaxStreamDuration(RouteAction.MaxStreamDuration.newBuilder()
          .setMaxStreamDuration(EnvoyProtos.duration(timeout.maxStreamDuration())));
    }
  }
}
