package dev.atrium.bench.store;

import dev.atrium.testing.bench.Percentiles;

import java.util.List;
import java.util.Locale;

/** One line of the printed table; {@code opsPerSecond} is NaN where throughput means nothing. */
record ResultRow(String backend, String measurement, int n, double opsPerSecond, Percentiles latency, long rssKiB) {
  static final String HEADER = "| backend | measurement | N | throughput (ops/s) | p50 (ms) | p99 (ms) | max (ms) | store RSS (MiB) |\n"
      + "|---|---|---:|---:|---:|---:|---:|---:|";

  String markdown() {
    return String.join(" | ", List.of("| " + backend, measurement, String.valueOf(n),
        Double.isNaN(opsPerSecond) ? "—" : String.format(Locale.ROOT, "%.0f", opsPerSecond),
        ms(latency.ms(50)), ms(latency.ms(99)), ms(latency.maxMs()),
        String.format(Locale.ROOT, "%.0f", rssKiB / 1024.0))) + " |";
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }
}
