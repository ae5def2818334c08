package dev.atrium.bench.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pods created through the API server at a fixed rate, the way a burst of ReplicaSet scale-ups would
 * arrive: one ticker thread starts create {@code i} at {@code t0 + i/rate} and hands it to a small pool
 * that makes the (blocking) fabric8 call, so a slow create never delays the next one's start (unless
 * every thread is busy: {@link Result#maxInFlight()} says whether that happened). Each create is timed
 * from the call to the API server's answer (the stored, mutated Pod).
 */
final class PodLoad {
  static final String SIDECAR = "kuma-sidecar";

  /** Per create: latency and how late it started against its schedule; the span from first start to last answer. */
  record Result(long[] latencyNanos, long[] lagNanos, double seconds, int maxInFlight, int injected,
      List<String> failures) {
    double achievedRate() {
      return latencyNanos.length / seconds;
    }

    long maxLagNanos() {
      long max = 0;
      for (long l : lagNanos) max = Math.max(max, l);
      return max;
    }
  }

  private PodLoad() {}

  static Result run(KubernetesClient client, String namespace, String prefix, int n, double rate, int threads)
      throws InterruptedException {
    long period = Math.round(1e9 / rate);
    long[] latency = new long[n];
    long[] lag = new long[n];
    long[] start = new long[n];
    long[] end = new long[n];
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger injected = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(n);
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("pod-create"));
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("pod-ticker"));
    long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(() -> {
      int i = next.getAndIncrement();
      if (i >= n) return;
      pool.execute(() -> {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        long s = System.nanoTime();
        start[i] = s;
        lag[i] = Math.max(0, s - (t0 + i * period));
        try {
          Pod created = client.pods().inNamespace(namespace).resource(pod(prefix + i)).create();
          end[i] = System.nanoTime();
          if (created.getSpec().getContainers().stream().map(Container::getName).anyMatch(SIDECAR::equals)) {
            injected.incrementAndGet();
          } else {
            failures.add(prefix + i + ": created without the " + SIDECAR + " container");
          }
        } catch (RuntimeException e) {
          end[i] = System.nanoTime();
          failures.add(prefix + i + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
        } finally {
          latency[i] = end[i] - s;
          inFlight.decrementAndGet();
          done.countDown();
        }
      });
    }, t0 - System.nanoTime(), period, TimeUnit.NANOSECONDS);
    try {
      long budget = TimeUnit.SECONDS.toNanos(60) + n * period * 2;
      if (!done.await(budget, TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException((n - done.getCount()) + " of " + n + " creates finished in "
            + TimeUnit.NANOSECONDS.toSeconds(budget) + " s");
      }
    } finally {
      ticks.cancel(false);
      ticker.shutdownNow();
      pool.shutdownNow();
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      first = Math.min(first, start[i]);
      last = Math.max(last, end[i]);
    }
    return new Result(latency, lag, (last - first) / 1e9, maxInFlight.get(), injected.get(), List.copyOf(failures));
  }

  /** A plain one-container Pod, as a Deployment's template would make it; the webhook adds the sidecar. */
  static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", "bench")).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("registry.example/bench-app:1")
        .addNewPort().withName("http").withContainerPort(8080).endPort().endContainer().endSpec().build();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
