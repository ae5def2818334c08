package dev.atrium.store.metrics;

import dev.atrium.store.watch.WatchHub;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Store API's Watch streams:
 * <ul>
 *   <li>{@code atrium_store_watchers} — open Watch streams (gauge);
 *   <li>{@code atrium_store_watch_lag_seconds} — from the backend signalling a commit to the WatchHub
 *       handing the change to a Watch stream (histogram; live changes only, not a new stream's initial
 *       list or backlog);
 *   <li>{@code atrium_store_watch_lag_revisions} — revisions the pump has read that the slowest subscriber
 *       (a Watch stream, or the store's own resource count) has not received yet (gauge).
 * </ul>
 */
@Singleton
public class WatchMeters {
  private static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

  private final AtomicInteger open = new AtomicInteger();
  private final Timer lag;

  public WatchMeters(MeterRegistry registry, WatchHub hub) {
    Gauge.builder("atrium.store.watchers", open, AtomicInteger::get)
        .description("Open Watch streams of the Store gRPC API").strongReference(true).register(registry);
    Gauge.builder("atrium.store.watch.lag.revisions", hub, WatchHub::revisionsBehind)
        .description("Revisions of the change log the slowest watch subscriber has not received yet")
        .strongReference(true).register(registry);
    this.lag = Timer.builder("atrium.store.watch.lag")
        .description("From the backend signalling a commit to the change being handed to a Watch stream")
        .serviceLevelObjectives(BUCKETS).register(registry);
  }

  public void watchOpened() {
    open.incrementAndGet();
  }

  public void watchClosed() {
    open.decrementAndGet();
  }

  /** A live change was handed to a stream; {@code signalledAtNanos} as in {@link WatchHub.Listener#onLiveEvent}. */
  public void delivered(long signalledAtNanos) {
    lag.record(System.nanoTime() - signalledAtNanos, TimeUnit.NANOSECONDS);
  }
}
