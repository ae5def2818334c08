package dev.atrium.ctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.Mappers;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code inspect zoneingresses} rendered from a ZoneIngressOverview list as a zone (or global) serves it. */
class ZoneIngressTableTest {
  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  static final String OVERVIEWS = """
      {"total": 3, "next": null, "items": [
        {"type": "ZoneIngressOverview", "name": "zi-1", "zoneIngress": {"networking": {"port": 10001}},
         "zoneIngressInsight": {"subscriptions": [
           {"id": "cp:1", "connectTime": "2026-12-06T10:00:00Z", "disconnectTime": "2026-12-06T10:30:00Z",
            "status": {"lastUpdateTime": "2026-12-06T10:29:58Z", "total": {"responsesSent": "7", "responsesRejected": "1"}}},
           {"id": "cp:2", "connectTime": "2026-12-06T11:58:00Z",
            "status": {"lastUpdateTime": "2026-12-06T11:59:57Z", "total": {"responsesSent": 5, "responsesAcknowledged": 5}},
            "version": {"kumaDp": {"version": "0.1.0"}, "envoy": {"version": "1.40.0"}}}]}},
        {"type": "ZoneIngressOverview", "name": "zi-2", "zoneIngress": {},
         "zoneIngressInsight": {"subscriptions": [{"id": "cp:3", "connectTime": "2026-12-06T11:00:00Z",
            "disconnectTime": "2026-12-06T11:30:00Z", "status": {"lastUpdateTime": "2026-12-06T11:29:59Z"}}]}},
        {"type": "ZoneIngressOverview", "name": "zi-3", "zoneIngress": {}}
      ]}
      """;

  @Test
  void inspectZoneIngressesHasKumactlsColumns() throws Exception {
    var items = ListPage.fromJson(Mappers.JSON.readTree(OVERVIEWS)).items();
    assertThat(ZoneIngressTable.inspect(items, NOW).render()).isEqualTo("""
        NAME   STATUS    LAST CONNECTED AGO   LAST UPDATED AGO   TOTAL UPDATES   TOTAL ERRORS   KUMA-DP VERSION   ENVOY VERSION
        zi-1   Online    2m                   3s                 12              1              0.1.0             1.40.0
        zi-2   Offline   60m                  30m                0               0              <none>            <none>
        zi-3   Offline   never                never              0               0              <none>            <none>
        """);
  }
}
