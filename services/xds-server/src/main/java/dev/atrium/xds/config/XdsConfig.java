package dev.atrium.xds.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the xds-server (environment: ATRIUM_XDS_...). */
@ConfigMapping(prefix = "atrium.xds")
public interface XdsConfig {

  /**
   * The host proxies use to reach this server's ADS, written into their bootstrap. Empty: the host
   * the data-plane agent used for its bootstrap request, as Kuma does.
   */
  Optional<String> advertisedHost();

  /** The port proxies use to reach ADS (the HTTP port, which carries gRPC too). */
  @WithDefault("${quarkus.http.port}")
  int advertisedPort();

  /** How long a bootstrap request waits for the Dataplane it registered to reach this server's view. */
  @WithDefault("5s")
  Duration registrationTimeout();

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
}
