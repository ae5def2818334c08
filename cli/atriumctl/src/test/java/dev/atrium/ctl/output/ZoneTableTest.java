package dev.atrium.ctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.Mappers;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code get zones} and {@code inspect zones} rendered from a zone overview list as global serves it. */
class ZoneTableTest {
  static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  static final String OVERVIEWS = """
      {"total": 3, "next": null, "items": [
        {"type": "ZoneOverview", "name": "zone-1", "modificationTime": "2026-12-05T11:00:00Z", "zone": {"enabled": true},
         "zoneInsight": {"subscriptions": [
           {"id": "a", "connectTime": "2026-12-05T10:00:00Z", "disconnectTime": "2026-12-05T10:30:00Z",
            "status": {"lastUpdateTime": "2026-12-05T10:29:58Z", "total": {"responsesSent": "7", "responsesRejected": "1"}}},
           {"id": "b", "connectTime": "2026-12-05T11:58:00Z",
            "status": {"lastUpdateTime": "2026-12-05T11:59:57Z", "total": {"responsesSent": 5, "responsesAcknowledged": 5}},
            "version": {"kumaCp": {"version": "0.1.0"}}, "config": "{\\"store\\":{\\"type\\":\\"postgres\\"}}"}]}},
        {"type": "ZoneOverview", "name": "zone-2", "modificationTime": "2026-12-05T11:00:00Z", "zone": {"enabled": false},
         "zoneInsight": {"subscriptions": [{"id": "c", "connectTime": "2026-12-05T11:00:00Z",
            "status": {"lastUpdateTime": "2026-12-05T11:59:59Z"}}]}},
        {"type": "ZoneOverview", "name": "zone-3", "modificationTime": "2026-12-05T11:59:00Z", "zone": {}}
      ]}
      """;

  static java.util.List<ZoneOverviewItem> items() throws Exception {
    return ListPage.fromJson(Mappers.JSON.readTree(OVERVIEWS)).items().stream().map(ZoneOverviewItem::fromJson).toList();
  }

  @Test
  void getZonesSaysWhichAreOnline() throws Exception {
    assertThat(ZoneTable.get(items(), NOW).render()).isEqualTo("""
        NAME     STATUS    AGE
        zone-1   Online    60m
        zone-2   Offline   60m
        zone-3   Offline   60s
        """);
  }

  @Test
  void inspectZonesHasKumactlsColumns() throws Exception {
    assertThat(ZoneTable.inspect(items(), NOW).render()).isEqualTo("""
        NAME     STATUS    LAST CONNECTED AGO   LAST UPDATED AGO   TOTAL UPDATES   TOTAL ERRORS   ZONE-CP VERSION   BACKEND
        zone-1   Online    2m                   3s                 12              1              0.1.0             postgres
        zone-2   Offline   60m                  1s                 0               0              <none>            <none>
        zone-3   Offline   never                never              0               0              <none>            <none>
        """);
  }
}
