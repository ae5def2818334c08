package dev.atrium.bench.xds;

import dev.atrium.testing.bench.Percentiles;

import java.util.Set;

/**
 * Endpoint changes, one at a time: each PUTs a new Dataplane offering an existing service. A sample
 * is (the last affected proxy has ACKed an EDS response with the new endpoint − just before the
 * PUT), so it covers the store's commit, its Watch, the xds-server's reconcile and push, and the ACK.
 * Between changes, every proxy's response count is compared with the one before the change: a
 * proxy outside the change's users that received anything was pushed for nothing.
 */
final class ChangeRun {
  static final long CHANGE_TIMEOUT_MS = 10_000;
  /** After the last change, how long to keep listening for late (unneeded) pushes. */
  static final long TAIL_MS = 1_000;

  /**
   * {@code samplesNanos} in the order the changes were made; {@code put} is the store's share of each
   * sample (until the PUT was answered, i.e. committed).
   */
  record Result(long[] samplesNanos, Percentiles latency, Percentiles put, int affectedPerChangeMin, int affectedPerChangeMax, long edsPushesToAffected,
      long expectedEdsPushes, long unaffectedPushed, long nonEdsPushes, int strays) {}

  private ChangeRun() {}

  static Result run(AdsFleet fleet, DataplaneWriter writer, Topology topology, int changes, long spacingMs)
      throws InterruptedException {
    long[] latencies = new long[changes];
    long[] puts = new long[changes];
    int minAffected = Integer.MAX_VALUE;
    int maxAffected = 0;
    long edsToAffected = 0;
    long expected = 0;
    long unaffectedPushed = 0;
    long nonEds = 0;
    int strays = 0;
    int[][] before = fleet.responseCounts();
    long nextStart = System.nanoTime();
    for (int c = 0; c < changes; c++) {
      Set<Integer> affected = topology.usersOf(topology.serviceOfChange(c));
      minAffected = Math.min(minAffected, affected.size());
      maxAffected = Math.max(maxAffected, affected.size());
      EndpointWatch watch = new EndpointWatch(Topology.newEndpointPort(c), affected, topology.proxies());
      fleet.watch(watch);
      sleepUntil(nextStart);
      long t0 = System.nanoTime();
      nextStart = t0 + spacingMs * 1_000_000;
      writer.put(Topology.newProxyName(c), topology.newDataplaneJson(c));
      puts[c] = System.nanoTime() - t0;
      if (!watch.await(CHANGE_TIMEOUT_MS)) {
        fleet.failIfBroken();
        throw new IllegalStateException("change " + c + ": " + watch.missing() + " of " + affected.size()
            + " affected proxies had not ACKed the new endpoint after " + CHANGE_TIMEOUT_MS + " ms");
      }
      latencies[c] = watch.lastAckedAt() - t0;
      // Let pushes this change caused arrive before counting them (the rest of the spacing, or the tail).
      sleepUntil(c == changes - 1 ? System.nanoTime() + TAIL_MS * 1_000_000 : nextStart);
      int[][] after = fleet.responseCounts();
      for (int p = 0; p < after.length; p++) {
        int eds = after[p][1] - before[p][1];
        int all = sum(after[p]) - sum(before[p]);
        nonEds += all - eds;
        if (affected.contains(p)) edsToAffected += eds;
        else if (all > 0) unaffectedPushed++;
      }
      expected += affected.size();
      strays += watch.strays();
      before = after;
    }
    fleet.watch(null);
    fleet.failIfBroken();
    return new Result(latencies, Percentiles.of(latencies), Percentiles.of(puts), minAffected, maxAffected, edsToAffected, expected, unaffectedPushed,
        nonEds, strays);
  }

  private static int sum(int[] counts) {
    int s = 0;
    for (int c : counts) s += c;
    return s;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long ms = (nanoTime - System.nanoTime()) / 1_000_000;
    if (ms > 0) Thread.sleep(ms);
  }
}
