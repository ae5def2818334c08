package dev.atrium.bench.xds;

import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One broadcast in flight: the connect timeout and route timeout a changed Mesh-wide MeshTimeout now
 * gives every proxy, and when each proxy had ACKed both — a CDS response whose EDS clusters all carry
 * the new connect timeout and an RDS response with a route carrying the new request timeout. A proxy
 * counts once it has ACKed both (the later of the two).
 */
final class BroadcastWatch {
  private final long connectSeconds;
  private final long routeSeconds;
  private final AtomicLongArray cdsAt;
  private final AtomicLongArray rdsAt;
  private final CountDownLatch remaining;

  BroadcastWatch(long connectSeconds, long routeSeconds, int proxies) {
    this.connectSeconds = connectSeconds;
    this.routeSeconds = routeSeconds;
    this.cdsAt = new AtomicLongArray(proxies);
    this.rdsAt = new AtomicLongArray(proxies);
    this.remaining = new CountDownLatch(proxies);
  }

  /** Proxy {@code proxy} ACKed a CDS response whose EDS clusters have these connect timeouts (seconds). */
  void clusters(int proxy, Collection<Long> edsConnectSeconds, long nanos) {
    if (!edsConnectSeconds.isEmpty() && edsConnectSeconds.stream().allMatch(s -> s == connectSeconds)
        && cdsAt.compareAndSet(proxy, 0, nanos) && rdsAt.get(proxy) != 0) {
      remaining.countDown();
    }
  }

  /** Proxy {@code proxy} ACKed an RDS response whose routes have these timeouts (seconds). */
  void routes(int proxy, Collection<Long> routeTimeoutSeconds, long nanos) {
    if (routeTimeoutSeconds.contains(routeSeconds) && rdsAt.compareAndSet(proxy, 0, nanos) && cdsAt.get(proxy) != 0) {
      remaining.countDown();
    }
  }

  boolean await(long timeoutMillis) throws InterruptedException {
    return remaining.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  long missing() {
    return remaining.getCount();
  }

  /** Per proxy: when it had ACKed both (nanoTime), 0 while it has not. */
  long[] doneAt() {
    long[] out = new long[cdsAt.length()];
    for (int i = 0; i < out.length; i++) {
      long c = cdsAt.get(i);
      long r = rdsAt.get(i);
      out[i] = c == 0 || r == 0 ? 0 : Math.max(c, r);
    }
    return out;
  }
}
