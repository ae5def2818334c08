package dev.atrium.ctl.output;

import dev.atrium.core.model.zone.ZoneInsightSpec;
import dev.atrium.core.model.zone.ZoneInsightSpec.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The zone tables. {@code get zones}: kumactl's NAME and AGE with STATUS between them, the first thing
 * one asks of a zone. {@code inspect zones}: kumactl's columns — STATUS, when the newest subscription
 * connected and last reported, what the zone sent to global in all kept subscriptions (TOTAL UPDATES)
 * and what global refused (TOTAL ERRORS), the zone control plane's version and store (BACKEND).
 */
public final class ZoneTable {
  private ZoneTable() {}

  static final List<String> GET_HEADERS = List.of("NAME", "STATUS", "AGE");
  static final List<String> INSPECT_HEADERS = List.of("NAME", "STATUS", "LAST CONNECTED AGO", "LAST UPDATED AGO",
      "TOTAL UPDATES", "TOTAL ERRORS", "ZONE-CP VERSION", "BACKEND");

  public static TableWriter get(List<ZoneOverviewItem> items, Instant now) {
    TableWriter table = new TableWriter(GET_HEADERS);
    for (ZoneOverviewItem item : items) table.addRow(List.of(item.name(), item.status(), Age.since(item.modificationTime(), now)));
    return table;
  }

  public static TableWriter inspect(List<ZoneOverviewItem> items, Instant now) {
    TableWriter table = new TableWriter(INSPECT_HEADERS);
    for (ZoneOverviewItem item : items) {
      ZoneInsightSpec insight = item.insight();
      Optional<Subscription> last = insight.latest();
      long updates = insight.subscriptions().stream().mapToLong(s -> total(s).responsesSent()).sum();
      long errors = insight.subscriptions().stream().mapToLong(s -> total(s).responsesRejected()).sum();
      table.addRow(List.of(item.name(), item.status(),
          ago(last.map(Subscription::connectTime).orElse(null), now),
          ago(last.map(s -> s.status() == null ? null : s.status().lastUpdateTime()).orElse(null), now),
          String.valueOf(updates), String.valueOf(errors),
          last.map(Subscription::version).map(ZoneInsightSpec.Version::kumaCp).map(ZoneInsightSpec.KumaCpVersion::version)
              .orElse(""),
          last.map(Subscription::config).map(ZoneTable::backend).orElse("")));
    }
    return table;
  }

  /** The store type in a zone's config JSON, as kumactl reads it; empty when there is none. */
  static String backend(String config) {
    if (config == null || config.isEmpty()) return "";
    try {
      return dev.atrium.core.codec.Mappers.JSON.readTree(config).path("store").path("type").asText("");
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static String ago(String time, Instant now) {
    Instant t = time == null ? null : ListedResource.timestamp(time);
    return t == null ? InspectTable.NEVER : Age.since(t, now);
  }

  private static ZoneInsightSpec.Stats total(Subscription s) {
    return s.status() == null || s.status().total() == null ? new ZoneInsightSpec.Stats(0, 0, 0) : s.status().total();
  }
}
