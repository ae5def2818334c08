package dev.atrium.bench.xds;

import dev.atrium.testing.bench.Percentiles;
import dev.atrium.testing.process.XdsServerProcess;
import java.util.List;

/**
 * Broadcast changes: one Mesh-targeted MeshTimeout (`to: Mesh`) changed through the store's REST API
 * while every proxy is connected, so every proxy's CDS (connect timeout) and RDS (route timeout)
 * change — the opposite of an endpoint change, which concerns 2% of the fleet. The policy is created
 * once first (not measured: it loads the policy pass's code into the JIT), changed {@code warmups}
 * times while the JIT compiles the broadcast's paths (reported apart: what the first broadcasts after a
 * start cost), then changed {@code changes} times, the measured ones, each after the xds-server and the
 * store are quiet again. Per change:
 * each proxy's (ACKed both the new CDS and the new RDS − just before the PUT), and the time until the
 * last one did.
 */
final class BroadcastRun {
  static final String POLICY = "bench-broadcast";
  static final long TIMEOUT_MS = 60_000;
  /** Between broadcasts: the ACK storm's DataplaneInsight writes drain first (at most this long). */
  static final long QUIET_TIMEOUT_MS = 15_000;

  /**
   * @param perProxy every proxy's sample of every change, pooled
   * @param toAll per change, until the last proxy had ACKed both
   * @param xdsCpuMs per change, utime + stime of the xds-server from the PUT to the last ACK
   * @param generationMs per change, the reconcile thread's translation time summed over proxies
   *     ({@code atrium_xds_generation_seconds_sum{changed="true"}})
   */
  record Result(int changes, long[] warmupNanos, Percentiles perProxy, Percentiles toAll, long[] toAllNanos, Percentiles put,
      double xdsCpuMs, double generationMs, long cdsPushes, long rdsPushes, long otherPushes) {}

  private BroadcastRun() {}

  static Result run(AdsFleet fleet, DataplaneWriter writer, XdsServerProcess xds, List<Long> quietPids, int proxies,
      int warmups, int changes) throws InterruptedException {
    broadcast(fleet, writer, proxies, 0); // creation, not measured
    long[] warmup = new long[warmups];
    for (int w = 1; w <= warmups; w++) {
      ProcStats.awaitQuiet(quietPids, XdsBench.QUIET_WINDOW_MS, XdsBench.QUIET_TICKS, QUIET_TIMEOUT_MS);
      Sample s = broadcast(fleet, writer, proxies, w);
      warmup[w - 1] = s.last() - s.start();
    }
    long[] pooled = new long[proxies * changes];
    long[] toAll = new long[changes];
    long[] puts = new long[changes];
    long cpuTicks = 0;
    double generationSeconds = 0;
    long cds = 0;
    long rds = 0;
    long other = 0;
    for (int c = 1; c <= changes; c++) {
      ProcStats.awaitQuiet(quietPids, XdsBench.QUIET_WINDOW_MS, XdsBench.QUIET_TICKS, QUIET_TIMEOUT_MS);
      int[][] before = fleet.responseCounts();
      double gen0 = XdsMetricsReader.value(xds, "atrium_xds_generation_seconds_sum", "changed=\"true\"");
      long ticks0 = ProcStats.cpuTicks(xds.pid());
      Sample s = broadcast(fleet, writer, proxies, warmups + c);
      cpuTicks += ProcStats.cpuTicks(xds.pid()) - ticks0;
      generationSeconds += XdsMetricsReader.value(xds, "atrium_xds_generation_seconds_sum", "changed=\"true\"") - gen0;
      for (int p = 0; p < proxies; p++) pooled[(c - 1) * proxies + p] = s.doneAt()[p] - s.start();
      toAll[c - 1] = s.last() - s.start();
      puts[c - 1] = s.putNanos();
      // Late responses of this change are counted at the next one's start (after the quiet wait).
      ProcStats.awaitQuiet(quietPids, XdsBench.QUIET_WINDOW_MS, XdsBench.QUIET_TICKS, QUIET_TIMEOUT_MS);
      int[][] after = fleet.responseCounts();
      for (int p = 0; p < proxies; p++) {
        for (int t = 0; t < after[p].length; t++) {
          int d = after[p][t] - before[p][t];
          if (t == 0) cds += d;
          else if (t == 3) rds += d;
          else other += d;
        }
      }
    }
    fleet.broadcast(null);
    fleet.failIfBroken();
    double clk = ProcStats.clockTicks();
    return new Result(changes, warmup, Percentiles.of(pooled), Percentiles.of(toAll), toAll, Percentiles.of(puts),
        cpuTicks / clk * 1000 / changes, generationSeconds * 1000 / changes, cds, rds, other);
  }

  private record Sample(long start, long putNanos, long[] doneAt, long last) {}

  /** PUTs the c-th version of the policy and waits until every proxy has ACKed it. */
  private static Sample broadcast(AdsFleet fleet, DataplaneWriter writer, int proxies, int c) throws InterruptedException {
    BroadcastWatch watch = new BroadcastWatch(connectSeconds(c), routeSeconds(c), proxies);
    fleet.broadcast(watch);
    long t0 = System.nanoTime();
    writer.putAt("/meshes/default/meshtimeouts/" + POLICY, policyJson(c));
    long put = System.nanoTime() - t0;
    if (!watch.await(TIMEOUT_MS)) {
      fleet.failIfBroken();
      throw new IllegalStateException("broadcast " + c + ": " + watch.missing() + " of " + proxies
          + " proxies had not ACKed the new CDS and RDS after " + TIMEOUT_MS + " ms");
    }
    long[] done = watch.doneAt();
    long last = 0;
    for (long d : done) last = Math.max(last, d);
    return new Sample(t0, put, done, last);
  }

  /** Values no default has (Envoy's, Kuma's 5 s connect and 15 s request timeouts), distinct per change. */
  static long connectSeconds(int c) {
    return 10 + c;
  }

  static long routeSeconds(int c) {
    return 100 + c;
  }

  static String policyJson(int c) {
    return "{\"type\":\"MeshTimeout\",\"mesh\":\"default\",\"name\":\"" + POLICY + "\",\"spec\":{"
        + "\"targetRef\":{\"kind\":\"Mesh\"},"
        + "\"to\":[{\"targetRef\":{\"kind\":\"Mesh\"},\"default\":{\"connectionTimeout\":\"" + connectSeconds(c) + "s\","
        + "\"http\":{\"requestTimeout\":\"" + routeSeconds(c) + "s\"}}}]}}";
  }
}
