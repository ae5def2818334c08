package dev.atrium.bench.xds;

import dev.atrium.testing.bench.Percentiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The Markdown table: one row per figure, one column per N, and the target or reference beside it. */
final class Report {
  private record Row(String label, Function<RunResult, String> value, String target) {}

  private static final String NONE = "—";

  private static final List<Row> ROWS = List.of(
      new Row("services / proxies affected per change", r -> r.topology().services() + " / "
          + (r.changes() == null ? NONE : range(r.changes().affectedPerChangeMin(), r.changes().affectedPerChangeMax())), ""),
      new Row("ADS connections (streams per connection)", r -> r.channels() + " (" + r.topology().proxies() / Math.max(1, r.channels()) + ")", ""),
      new Row("converge: all proxies ACKed CDS+EDS+LDS+RDS (ms)", r -> ms(r.convergeMs()), ""),
      new Row("after converging: until xds-server and store are quiet (ms)", r -> r.settleMs() == Long.MIN_VALUE ? NONE
          : r.settleMs() < 0 ? "not within " + XdsBench.QUIET_TIMEOUT_MS / 1000 + " s" : String.valueOf(r.settleMs()), ""),
      new Row("change → all affected ACKed EDS, p50 (ms)", r -> r.changes() == null ? NONE : ms(r.changes().latency().ms(50)), ""),
      new Row("change → all affected ACKed EDS, p99 (ms)", r -> r.changes() == null ? NONE : ms(r.changes().latency().ms(99)),
          "< 100 ms at N=1000 (Kuma: 1 s poll)"),
      new Row("change → all affected ACKed EDS, max (ms)", r -> r.changes() == null ? NONE : ms(r.changes().latency().maxMs()), ""),
      new Row("store PUT round trip (commit incl. fsync), p50 / max (ms)", r -> r.changes() == null ? NONE
          : ms(r.changes().put().ms(50)) + " / " + ms(r.changes().put().maxMs()), ""),
      new Row("EDS pushes to affected proxies (expected)", r -> r.changes() == null ? NONE
          : r.changes().edsPushesToAffected() + " (" + r.changes().expectedEdsPushes() + ")", "one per affected proxy per change"),
      new Row("unaffected proxies pushed, summed over changes", r -> r.changes() == null ? NONE
          : String.valueOf(r.changes().unaffectedPushed()), "0"),
      new Row("non-EDS pushes during changes", r -> r.changes() == null ? NONE : String.valueOf(r.changes().nonEdsPushes()), "0"),
      new Row("broadcast, warm-up (the first after the start, JIT compiling) → all ACKed, p50 / max (ms)", r ->
          r.broadcasts() == null || r.broadcasts().warmupNanos().length == 0 ? NONE
              : ms(Percentiles.of(r.broadcasts().warmupNanos()).ms(50)) + " / " + ms(Percentiles.of(r.broadcasts().warmupNanos()).maxMs()), ""),
      new Row("broadcast (Mesh-wide MeshTimeout changed) → each proxy ACKed CDS+RDS, p50 / p99 (ms)", r -> r.broadcasts() == null
          ? NONE : ms(r.broadcasts().perProxy().ms(50)) + " / " + ms(r.broadcasts().perProxy().ms(99)), ""),
      new Row("broadcast → all proxies ACKed, p50 / max over changes (ms)", r -> r.broadcasts() == null ? NONE
          : ms(r.broadcasts().toAll().ms(50)) + " / " + ms(r.broadcasts().toAll().maxMs()), "< 500 ms at N=1000"),
      new Row("broadcast: xds-server CPU / translation time per change (ms)", r -> r.broadcasts() == null ? NONE
          : ms(r.broadcasts().xdsCpuMs()) + " / " + ms(r.broadcasts().generationMs()), ""),
      new Row("broadcast: CDS / RDS / other pushes per change", r -> r.broadcasts() == null ? NONE
          : perChange(r.broadcasts().cdsPushes(), r) + " / " + perChange(r.broadcasts().rdsPushes(), r) + " / "
              + perChange(r.broadcasts().otherPushes(), r), "N / N / 0"),
      new Row("xds-server RSS, Dataplanes stored, 0 streams (MiB)", r -> mib(r.rssIdleKiB()), ""),
      new Row("xds-server RSS, all proxies converged (MiB)", r -> mib(r.rssConvergedKiB()), ""),
      new Row("xds-server RSS per proxy (KiB)", r -> r.rssIdleKiB() < 0 || r.rssConvergedKiB() < 0 ? NONE
          : kib(r.rssPerProxyKiB()), "< 256 KiB (0.25 MB; Kuma: ~1 MB)"),
      new Row("xds-server live heap per proxy, after full GC (KiB)", r -> kib(r.heapPerProxyKiB()), ""),
      new Row("idle: xds-server CPU (% of one core)", r -> pct(r.xdsCpuPercent()), "near zero"),
      new Row("idle: store CPU (% of one core)", r -> pct(r.storeCpuPercent()), ""),
      new Row("idle: pushes to any proxy", r -> r.idlePushes() < 0 ? NONE : String.valueOf(r.idlePushes()), "0"),
      new Row("store RSS at the end (MiB)", r -> mib(r.storeRssKiB()), ""));

  private Report() {}

  static String table(List<RunResult> runs) {
    StringBuilder out = new StringBuilder("| measurement |");
    StringBuilder rule = new StringBuilder("|---|");
    for (RunResult r : runs) {
      out.append(" N=").append(r.topology().proxies()).append(r.failure() == null ? "" : " (FAILED)").append(" |");
      rule.append("---:|");
    }
    out.append(" target / reference |\n").append(rule).append("---|\n");
    for (Row row : ROWS) {
      List<String> cells = new ArrayList<>();
      for (RunResult r : runs) cells.add(row.value().apply(r));
      out.append("| ").append(row.label()).append(" | ").append(String.join(" | ", cells)).append(" | ")
          .append(row.target()).append(" |\n");
    }
    return out.toString();
  }

  private static String perChange(long pushes, RunResult r) {
    return String.format(Locale.ROOT, "%.0f", pushes / (double) r.broadcasts().changes());
  }

  private static String range(int min, int max) {
    return min == max ? String.valueOf(min) : min + "–" + max;
  }

  private static String ms(double v) {
    if (Double.isNaN(v)) return NONE;
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }

  private static String mib(long kib) {
    return kib < 0 ? NONE : String.format(Locale.ROOT, "%.0f", kib / 1024.0);
  }

  private static String kib(double v) {
    return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%.2f", v);
  }
}
