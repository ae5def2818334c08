package dev.atrium.bench.gateway;

import dev.atrium.testing.http.Http;
import dev.atrium.testing.prometheus.Exposition;
import java.util.List;

/**
 * Where one new route's time goes, from the xds-server's own timers ({@code atrium_xds_propagation_seconds},
 * {@code atrium_xds_delivery_seconds}): read before the PUT and after the first 200, the differences of their
 * sums are this change's stages, since changes are made one at a time and nothing else changes meanwhile.
 */
final class RouteBudget {
  /** The stages, in the order a change passes them; the bench measures the first (PUT) and the whole itself. */
  static final List<String> STAGES = List.of("store PUT", "watch", "queue", "reconcile", "push → ACK", "ACK → first 200");
  /**
   * Not a stage of its own but the part of {@code reconcile} that translates the gateway
   * ({@code atrium_xds_generation_seconds}): the rest of the pass is the mesh snapshot and the publishing.
   * Stored after the stages, at index {@code STAGES.size()}.
   */
  static final String TRANSLATION = "of which translation";

  private final String metricsUrl;
  private final String envoyStatsUrl;

  /** @param envoyAdminUrl the gateway's Envoy admin, whose own RDS {@code update_duration} is part of push → ACK */
  RouteBudget(String xdsUrl, String envoyAdminUrl) {
    this.metricsUrl = xdsUrl + "/q/metrics";
    this.envoyStatsUrl = envoyAdminUrl + "/stats/prometheus";
  }

  /**
   * Envoy's RDS {@code update_duration} histogram, sum (ms) and count, as of its last stats flush: Envoy merges
   * histograms every 5 s, so only the difference over a whole run of samples is exact, not one sample's.
   */
  double[] envoyRdsUpdates() {
    double sum = 0;
    double count = 0;
    // The route configuration's name is not a tag Envoy extracts, so it stays in the metric's name:
    // envoy_http_rds_<route configuration>_update_duration_{sum,count}.
    for (Exposition.Sample s : Exposition.parse(Http.get(envoyStatsUrl).body()).samples()) {
      if (!s.name().startsWith("envoy_http_rds_")) continue;
      if (s.name().endsWith("update_duration_sum")) sum += s.value();
      if (s.name().endsWith("update_duration_count")) count += s.value();
    }
    return new double[] {sum, count};
  }

  /** The xds-server's timer sums now (seconds). */
  Sums read() {
    Exposition e = Exposition.parse(Http.get(metricsUrl).body());
    return new Sums(e.valueOrZero("atrium_xds_propagation_seconds_sum", "stage", "watch"),
        e.valueOrZero("atrium_xds_propagation_seconds_sum", "stage", "queue"),
        e.valueOrZero("atrium_xds_propagation_seconds_sum", "stage", "reconcile"),
        e.valueOrZero("atrium_xds_generation_seconds_sum", "changed", "true")
            + e.valueOrZero("atrium_xds_generation_seconds_sum", "changed", "false"),
        e.valueOrZero("atrium_xds_delivery_seconds_sum", "type", "rds"),
        e.valueOrZero("atrium_xds_delivery_seconds_count", "type", "rds"),
        e.valueOrZero("atrium_xds_pushes_total", "type", "lds") + e.valueOrZero("atrium_xds_pushes_total", "type", "cds")
            + e.valueOrZero("atrium_xds_pushes_total", "type", "eds"));
  }

  /**
   * The sums once the xds-server has counted the ACK of an RDS response sent after {@code before}: Envoy
   * serves the new route as soon as it has applied it, possibly before its ACK reaches the server.
   */
  Sums readAfter(Sums before) throws InterruptedException {
    long deadline = System.nanoTime() + 2_000_000_000L;
    Sums now = read();
    while (now.rdsAcks() <= before.rdsAcks() && System.nanoTime() < deadline) {
      Thread.sleep(5);
      now = read();
    }
    return now;
  }

  /** {@code otherPushes}: LDS, CDS and EDS responses sent; a new route should cause none (RDS only). */
  record Sums(double watch, double queue, double reconcile, double translation, double rdsDelivery, double rdsAcks,
      double otherPushes) {}

  /**
   * One sample's stages in nanoseconds, in {@link #STAGES} order. {@code watch} runs from the store's
   * stamp, which it takes just before its commit, so it overlaps the PUT's answer by the time the
   * answer takes to travel back; the last stage is what is left of the sample: Envoy applying the table
   * it ACKed, and the bench's polling (≤ 1 ms plus a round trip). After them, {@link #TRANSLATION}.
   */
  static long[] stages(long sampleNanos, long putNanos, Sums before, Sums after) {
    long watch = nanos(after.watch() - before.watch());
    long queue = nanos(after.queue() - before.queue());
    long reconcile = nanos(after.reconcile() - before.reconcile());
    long delivery = nanos(after.rdsDelivery() - before.rdsDelivery());
    // The watch stage starts inside the PUT: count from the PUT's answer what the watch took beyond it.
    long rest = sampleNanos - Math.max(putNanos, watch) - queue - reconcile - delivery;
    long translation = nanos(after.translation() - before.translation());
    return new long[] {putNanos, watch, queue, reconcile, delivery, Math.max(0, rest), translation};
  }

  private static long nanos(double seconds) {
    return Math.round(seconds * 1e9);
  }
}
