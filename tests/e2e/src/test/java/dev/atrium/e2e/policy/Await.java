package dev.atrium.e2e.policy;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling until a proxy shows a change: the control plane pushes config asynchronously, so tests retry instead of sleeping a fixed time. */
final class Await {
  static final Duration DEADLINE = Duration.ofSeconds(30);
  static final Duration PAUSE = Duration.ofMillis(200);

  private Await() {}

  /** Retries {@code done} for up to 30 s, 200 ms apart; fails naming {@code what}. */
  static void until(BooleanSupplier done, Supplier<String> what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    do {
      if (done.getAsBoolean()) return;
      sleep(PAUSE);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("not within 30 s: " + what.get());
  }

  /** Tries {@code attempt} for up to 30 s, 200 ms apart, until {@code ok} accepts a result, which it returns; fails with {@code failure} of the last one. */
  static <T> T until(Supplier<T> attempt, Predicate<T> ok, Function<T, String> failure) {
    return until(DEADLINE, PAUSE, attempt, ok, failure);
  }

  /** {@link #until(Supplier, Predicate, Function)} with another deadline and pause. */
  static <T> T until(Duration timeout, Duration pause, Supplier<T> attempt, Predicate<T> ok, Function<T, String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last;
    do {
      last = attempt.get();
      if (ok.test(last)) return last;
      sleep(pause);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(failure.apply(last));
  }

  /** Thread.sleep that keeps the interrupt and fails the test instead of going on. */
  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
