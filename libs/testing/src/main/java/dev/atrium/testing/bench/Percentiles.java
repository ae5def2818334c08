package dev.atrium.testing.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of latencies measured in nanoseconds, reported in milliseconds. */
public final class Percentiles {
  private final long[] sortedNanos;

  private Percentiles(long[] sortedNanos) {
    this.sortedNanos = sortedNanos;
  }

  public static Percentiles of(long[] nanos) {
    if (nanos.length == 0) throw new IllegalArgumentException("no samples");
    long[] copy = nanos.clone();
    Arrays.sort(copy);
    return new Percentiles(copy);
  }

  public int count() {
    return sortedNanos.length;
  }

  /** The smallest sample with at least {@code p} percent of all samples at or below it. */
  public double ms(double p) {
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return toMs(sortedNanos[Math.max(0, rank - 1)]);
  }

  public double maxMs() {
    return toMs(sortedNanos[sortedNanos.length - 1]);
  }

  private static double toMs(long nanos) {
    return nanos / 1_000_000.0;
  }
}
