package dev.atrium.bench.store;

import dev.atrium.testing.bench.Percentiles;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Write-to-watcher latency: {@value #WATCHERS} watch streams are synced, then {@value #PUTS} PUTs go
 * out one every {@value #PACE_MS} ms (an open loop, so the store is never saturated and the figure is
 * fan-out latency, not queueing). A sample is the time from just before a PUT is sent to the moment
 * one watcher receives its event; every watcher must receive every PUT.
 */
final class WatchFanOut {
  static final int WATCHERS = 10;
  static final int PUTS = 200;
  static final long PACE_MS = 20;
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

  private WatchFanOut() {}

  static Percentiles run(ManagedChannel channel, GatewayWriter writer, String namePrefix) {
    List<Watcher> watchers = new ArrayList<>();
    try {
      for (int w = 0; w < WATCHERS; w++) watchers.add(new Watcher(channel, namePrefix));
      for (Watcher w : watchers) w.awaitSynced(SYNC_TIMEOUT);

      long[] sentAt = new long[PUTS];
      long start = System.nanoTime();
      for (int i = 0; i < PUTS; i++) {
        sentAt[i] = System.nanoTime();
        writer.put(namePrefix + "-" + i);
        long nextSlot = start + (i + 1) * PACE_MS * 1_000_000;
        long wait = nextSlot - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
      }
      awaitDelivery(watchers);
      return Percentiles.of(samples(watchers, namePrefix, sentAt));
    } finally {
      watchers.forEach(Watcher::close);
    }
  }

  private static void awaitDelivery(List<Watcher> watchers) {
    long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
    for (Watcher w : watchers) {
      while (w.received() < PUTS && w.error() == null && System.nanoTime() < deadline) {
        LockSupport.parkNanos(5_000_000);
      }
      if (w.received() < PUTS) {
        throw new IllegalStateException("a watcher received " + w.received() + " of " + PUTS + " PUT events"
            + (w.error() == null ? " within " + DELIVERY_TIMEOUT : ": " + w.error()));
      }
    }
  }

  private static long[] samples(List<Watcher> watchers, String namePrefix, long[] sentAt) {
    long[] samples = new long[watchers.size() * PUTS];
    int k = 0;
    for (Watcher w : watchers) {
      for (int i = 0; i < PUTS; i++) samples[k++] = w.receivedAt(namePrefix + "-" + i) - sentAt[i];
    }
    return samples;
  }
}
