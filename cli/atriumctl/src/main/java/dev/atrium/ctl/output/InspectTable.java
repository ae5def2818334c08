package dev.atrium.ctl.output;

import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Subscription;
import dev.atrium.core.model.insight.DataplaneInsightSpec.TypeStats;
import dev.atrium.core.model.insight.MtlsInsight;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code inspect dataplanes} as kumactl prints it (MESH ... TOTAL ERRORS, then the certificate
 * columns CERT REGENERATED AGO, CERT EXPIRATION, CERT REGENERATIONS, CERT BACKEND from the insight's
 * {@code mTLS}; the version columns are left out), plus Atrium's LAST ERROR: Envoy's text for the most
 * recent rejected config, so a NACK is visible at a glance.
 */
public final class InspectTable {
  private InspectTable() {}

  static final List<String> HEADERS = List.of("MESH", "NAME", "TAGS", "STATUS", "LAST CONNECTED AGO",
      "LAST UPDATED AGO", "TOTAL UPDATES", "TOTAL ERRORS", "CERT REGENERATED AGO", "CERT EXPIRATION",
      "CERT REGENERATIONS", "CERT BACKEND", "LAST ERROR");
  /** kumactl's date cell ({@code 2006-01-02 15:04:05}), in the reader's time zone as kumactl prints it. */
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  static final int ERROR_WIDTH = 60;
  static final String NEVER = "never";

  public static TableWriter of(List<DataplaneOverviewItem> items, Instant now) {
    return of(items, now, ZoneId.systemDefault());
  }

  public static TableWriter of(List<DataplaneOverviewItem> items, Instant now, ZoneId zone) {
    TableWriter table = new TableWriter(HEADERS);
    for (DataplaneOverviewItem item : items) table.addRow(row(item, now, zone));
    return table;
  }

  private static List<String> row(DataplaneOverviewItem item, Instant now, ZoneId zone) {
    DataplaneInsightSpec insight = item.insight();
    List<String> row = new java.util.ArrayList<>(List.of(item.mesh(), item.name(), ResourceTable.tags(item.dataplane()),
        status(item)));
    row.addAll(connection(insight, now));
    row.addAll(List.of(certificateAgo(insight, now), certificateExpiration(insight, zone),
        String.valueOf(MtlsInsight.of(insight.mTLS()).map(MtlsInsight::certificateRegenerations).orElse(0L)),
        MtlsInsight.of(insight.mTLS()).map(MtlsInsight::issuedBackend).filter(b -> !b.isEmpty()).orElse("-"),
        lastError(insight)));
    return row;
  }

  /**
   * kumactl's connection cells of a proxy: LAST CONNECTED AGO and LAST UPDATED AGO of the newest subscription,
   * then TOTAL UPDATES and TOTAL ERRORS summed over every kept subscription.
   */
  static List<String> connection(DataplaneInsightSpec insight, Instant now) {
    Optional<Subscription> last = insight.latest();
    long updates = insight.subscriptions().stream().mapToLong(s -> total(s).responsesSent()).sum();
    long errors = insight.subscriptions().stream().mapToLong(s -> total(s).responsesRejected()).sum();
    return List.of(ago(last.map(Subscription::connectTime).orElse(null), now),
        ago(last.map(s -> s.status() == null ? null : s.status().lastUpdateTime()).orElse(null), now),
        String.valueOf(updates), String.valueOf(errors));
  }

  /** kumactl's "never" when no certificate was made, else how long ago. */
  static String certificateAgo(DataplaneInsightSpec insight, Instant now) {
    return ago(MtlsInsight.of(insight.mTLS()).map(MtlsInsight::lastCertificateRegeneration).orElse(null), now);
  }

  /** kumactl's "-" without a certificate, else its NotAfter as a date. */
  static String certificateExpiration(DataplaneInsightSpec insight, ZoneId zone) {
    Instant at = MtlsInsight.of(insight.mTLS()).map(MtlsInsight::certificateExpirationTime)
        .map(ListedResource::timestamp).orElse(null);
    return at == null ? "-" : DATE.format(at.atZone(zone));
  }

  /**
   * Kuma's rule: Offline unless some subscription is connected; then a gateway is Online, and a sidecar
   * is Online when every inbound is ready, Offline when none is, "Partially degraded" in between.
   */
  static String status(DataplaneOverviewItem item) {
    if (!item.insight().online()) return "Offline";
    DataplaneSpec.Networking n = item.dataplane().networking();
    if (n == null || n.gateway() != null || n.inbound().isEmpty()) return "Online";
    List<DataplaneSpec.Inbound> counted = n.inbound().stream()
        .filter(in -> in.state() != DataplaneSpec.Inbound.State.Ignored).toList();
    long ready = counted.stream().filter(InspectTable::ready).count();
    if (!counted.isEmpty() && ready == 0) return "Offline";
    return ready < counted.size() ? "Partially degraded" : "Online";
  }

  private static boolean ready(DataplaneSpec.Inbound in) {
    if (in.state() == DataplaneSpec.Inbound.State.NotReady) return false;
    return in.health() == null || in.health().ready() == null || in.health().ready();
  }

  /** Envoy's text for the newest rejection of any type in any subscription, on one line, shortened. */
  static String lastError(DataplaneInsightSpec insight) {
    return insight.subscriptions().stream()
        .filter(s -> s.status() != null)
        .flatMap(s -> s.status().perType().stream())
        .filter(t -> t.lastRejection() != null && !t.lastRejection().isEmpty())
        .max(Comparator.comparing(InspectTable::rejectedAt))
        .map(TypeStats::lastRejection)
        .map(InspectTable::shorten)
        .orElse("");
  }

  private static Instant rejectedAt(TypeStats t) {
    Instant at = t.lastRejectionTime() == null ? null : ListedResource.timestamp(t.lastRejectionTime());
    return at == null ? Instant.MIN : at;
  }

  /**
   * Envoy starts every LDS rejection with the same words; without them the reason (e.g. "cannot bind")
   * fits in the column. The full text is in {@code -o yaml|json}.
   */
  private static final String LDS_PREFIX = "Error adding/updating listener(s) ";

  static String shorten(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    if (oneLine.startsWith(LDS_PREFIX)) oneLine = oneLine.substring(LDS_PREFIX.length());
    return oneLine.length() <= ERROR_WIDTH ? oneLine : oneLine.substring(0, ERROR_WIDTH - 3).stripTrailing() + "...";
  }

  private static String ago(String time, Instant now) {
    Instant t = time == null ? null : ListedResource.timestamp(time);
    return t == null ? NEVER : Age.since(t, now);
  }

  private static TypeStats total(Subscription s) {
    return s.status() == null || s.status().total() == null ? TypeStats.counters(0, 0, 0) : s.status().total();
  }
}
