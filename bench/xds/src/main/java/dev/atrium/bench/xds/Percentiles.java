package dev.atrium.bench.xds;

import java.util.Arrays;

/** Nearest-rank percentiles of latencies measured in nanoseconds, reported in milliseconds. */
final class Percentiles {
  private final long[] sortedNanos;

  private Percentiles(long[] sortedNanos) {
    this.sortedNanos = sortedNanos;
  }

  static Percentiles of(long[] nanos) {
    if (nanos.length == 0) throw new IllegalArgumentException("no samples");
    long[] copy = nanos.clone();
    Arrays.sort(copy);
    return new Percentiles(copy);
  }

  int count() {
    return sortedNanos.length;
  }

  /** The smallest sample with at least {@code p} percent of all samples at or below it. */
  double ms(double p) {
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return toMs(sortedNanos[Math.max(0, rank - 1)]);
  }

  double maxMs() {
    return toMs(sortedNanos[sortedNanos.length - 1]);
  }

  private static double toMs(long nanos) {
    return nanos / 1_000_000.0;
  }
}
