package dev.atrium.xds.insight;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the xds-server records proxy status in the store (environment: ATRIUM_XDS_INSIGHT_...). */
@ConfigMapping(prefix = "atrium.xds.insight")
public interface InsightConfig {

  /** Write each proxy's DataplaneInsight to the store; off leaves only the in-memory GET /proxies. */
  @WithDefault("true")
  boolean enabled();

  /**
   * The shortest time between two writes of one proxy's insight. Changes in between coalesce into the
   * next write (the latest state wins), so a push to many proxies does not become a write storm.
   */
  @WithDefault("500ms")
  Duration minInterval();

  /**
   * How long an ACK waits before it is written. A push to every proxy brings one ACK per proxy and type
   * within a few hundred milliseconds; writing them after the push keeps the store's writes off the cores
   * that are still pushing, and the ACKs of one push become one write. Connects, NACKs and disconnects
   * are written at once. Kuma flushes insights every 10 s.
   */
  @WithDefault("1s")
  Duration ackDelay();

  /** Subscriptions kept per insight, newest last (Kuma's dataplane subscription limit, default 2). */
  @WithDefault("2")
  int subscriptionLimit();

  /** Deadline of one Store API call made for an insight. */
  @WithDefault("5s")
  Duration writeTimeout();
}
