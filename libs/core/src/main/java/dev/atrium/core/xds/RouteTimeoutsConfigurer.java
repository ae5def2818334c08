package dev.atrium.core.xds;

import dev.atrium.core.ir.TimeoutIr;
import io.envoyproxy.envoy.config.route.v3.RouteAction;

/**
 * A MeshTimeout's per-request limits on a forwarding route: the whole request ({@code timeout}; Envoy
 * answers 504 when it runs out), a stream without data ({@code idle_timeout}) and the stream's total
 * life ({@code max_stream_duration}). Fields no policy set keep Envoy's defaults.
 */
final class RouteTimeoutsConfigurer {
  private RouteTimeoutsConfigurer() {}

  static void configure(TimeoutIr timeout, RouteAction.Builder action) {
    if (timeout == null) return;
    if (timeout.requestTimeout() != null) action.setTimeout(EnvoyProtos.duration(timeout.requestTimeout()));
    if (timeout.streamIdleTimeout() != null) action.setIdleTimeout(EnvoyProtos.duration(timeout.streamIdleTimeout()));
    if (timeout.maxStreamDuration() != null) {
      action.setMaxStreamDuration(RouteAction.MaxStreamDuration.newBuilder()
          .setMaxStreamDuration(EnvoyProtos.duration(timeout.maxStreamDuration())));
    }
  }
}
