package dev.atrium.xds.reconcile;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Translates a batch of proxies on worker threads while the caller (the reconcile thread) consumes the
 * results strictly in batch order. A broadcast change — a Mesh-wide policy, the Mesh itself — recomputes
 * every proxy of the mesh; translation is pure and per proxy, so it spreads over the cores, while
 * everything stateful (certificates, dependency indexes, the snapshot cache and its pushes) stays on the
 * one reconcile thread as before. At most {@link #WINDOW} translations run ahead of the consumer, so a
 * batch of thousands never holds more than that many configs at once. A batch of one is translated
 * inline: an endpoint change concerning a few proxies pays no hand-off.
 */
final class BatchTranslator implements AutoCloseable {
  /** Translations allowed ahead of the consumer: enough to keep the workers busy, few enough to bound memory. */
  static final int WINDOW = 32;

  /** A translation's value, or why it failed (handled by the consumer, per proxy). */
  record Outcome<T>(T value, RuntimeException error) {}

  private final ExecutorService workers;

  BatchTranslator(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "atrium-translate-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** One worker per core: on a small machine the consumer and the workers share them, which is the point. */
  static BatchTranslator perCore() {
    return new BatchTranslator(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /** Translates every item and hands each outcome to {@code consume} on this thread, in {@code items} order. */
  <I, T> void forEachInOrder(List<I> items, Function<I, T> translate, BiConsumer<I, Outcome<T>> consume) {
    if (items.size() == 1) {
      consume.accept(items.get(0), run(translate, items.get(0)));
      return;
    }
    Deque<CompletableFuture<Outcome<T>>> ahead = new ArrayDeque<>();
    int submitted = 0;
    for (int consumed = 0; consumed < items.size(); consumed++) {
      while (submitted < items.size() && ahead.size() < WINDOW) {
        I item = items.get(submitted++);
        ahead.add(CompletableFuture.supplyAsync(() -> run(translate, item), workers));
      }
      consume.accept(items.get(consumed), ahead.poll().join());
    }
  }

  private static <I, T> Outcome<T> run(Function<I, T> translate, I item) {
    try {
      return new Outcome<>(translate.apply(item), null);
    } catch (RuntimeException e) {
      return new Outcome<>(null, e);
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
