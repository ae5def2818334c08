package dev.atrium.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the metrics service (environment: ATRIUM_METRICS_...). The HTTP port is
 * {@code ATRIUM_METRICS_PORT} (default 5680) and the store's gRPC address {@code ATRIUM_STORE_GRPC_HOST}
 * / {@code ATRIUM_STORE_GRPC_PORT}, as for the xds-server (application.properties).
 */
@ConfigMapping(prefix = "atrium.metrics")
public interface MetricsConfig {

  /**
   * First retry delay when the Store Watch stream breaks; doubles up to storeMaxRetryDelay. While it
   * waits, the channel dials the store and the Watch reopens the moment it connects.
   */
  @WithDefault("100ms")
  Duration storeRetryDelay();

  /**
   * The longest wait between two attempts to reach a broken store, so a store that comes back is
   * followed again within it; keep it ≤ 1s (an attempt against an absent store is one refused connection).
   */
  @WithDefault("500ms")
  Duration storeMaxRetryDelay();

  /**
   * The control plane's own metrics endpoints to list in the discovery document, each
   * {@code component=host:port[/path]} (see {@link dev.atrium.metrics.model.ControlPlaneTarget});
   * environment {@code ATRIUM_METRICS_CONTROL_PLANE_TARGETS}, comma-separated. Unset: proxies only.
   */
  Optional<List<String>> controlPlaneTargets();
}
