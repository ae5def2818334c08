package dev.atrium.bench.xds;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One change in flight: the new endpoint's port, the proxies that must receive it, and when each of
 * them had ACKed an EDS response containing it. A proxy outside {@code affected} that receives the
 * endpoint is counted as a stray (a topology or server bug).
 */
final class EndpointWatch {
  private final int port;
  private final Set<Integer> affected;
  private final AtomicLongArray ackedAt;
  private final CountDownLatch remaining;
  private final AtomicLong last = new AtomicLong();
  private final AtomicInteger strays = new AtomicInteger();

  EndpointWatch(int port, Set<Integer> affected, int proxies) {
    this.port = port;
    this.affected = Set.copyOf(affected);
    this.ackedAt = new AtomicLongArray(proxies);
    this.remaining = new CountDownLatch(affected.size());
  }

  int port() {
    return port;
  }

  /** Called by a proxy right after it ACKed an EDS response that contains the endpoint. */
  void seen(int proxy, long nanos) {
    if (!affected.contains(proxy)) {
      strays.incrementAndGet();
      return;
    }
    if (ackedAt.compareAndSet(proxy, 0, nanos)) {
      last.accumulateAndGet(nanos, Math::max);
      remaining.countDown();
    }
  }

  boolean await(long timeoutMillis) throws InterruptedException {
    return remaining.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  long missing() {
    return remaining.getCount();
  }

  /** When the last affected proxy ACKed (nanoTime). */
  long lastAckedAt() {
    return last.get();
  }

  int strays() {
    return strays.get();
  }
}
