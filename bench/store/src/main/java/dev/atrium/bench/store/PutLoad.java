package dev.atrium.bench.store;

import dev.atrium.testing.bench.Percentiles;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop write load: {@code clients} threads each send one PUT, wait for the answer, and send
 * the next, until {@code n} distinct gateways are written. Throughput is n over the wall time of the
 * whole run; latency is per request, as the client saw it.
 */
final class PutLoad {
  private static final long DEADLINE_MINUTES = 10;

  record Result(int n, long wallNanos, Percentiles latency) {
    double opsPerSecond() {
      return n / (wallNanos / 1e9);
    }
  }

  private PutLoad() {}

  static Result run(GatewayWriter writer, String namePrefix, int n, int clients) {
    long[] latencies = new long[n];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long start = System.nanoTime();
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            long t0 = System.nanoTime();
            writer.put(namePrefix + "-" + i);
            latencies[i] = System.nanoTime() - t0;
          }
        }));
      }
      for (Future<?> w : workers) await(w);
      return new Result(n, System.nanoTime() - start, Percentiles.of(latencies));
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(Future<?> worker) {
    try {
      worker.get(DEADLINE_MINUTES, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a client failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("PUT load did not finish within " + DEADLINE_MINUTES + " minutes", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
