package dev.atrium.store.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceMeta;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kuma's ZoneOverview: the Zone's meta, its spec under zone, its insight's under zoneInsight. */
class ZoneOverviewTest {
  static final Instant CREATED = Instant.parse("2026-12-05T10:00:00Z");

  static Resource stored(String yaml) {
    Resource r = ResourceCodec.decode(yaml);
    return new Resource(r.kind(), new ResourceMeta(null, r.name(), Map.of(), CREATED, CREATED.plusSeconds(5), 3), r.spec());
  }

  static final Resource ZONE = stored("type: Zone\nname: zone-1\nenabled: true\n");
  static final Resource INSIGHT = stored("""
      type: ZoneInsight
      name: zone-1
      subscriptions:
        - id: a
          zoneInstanceId: zone-cp-1
          connectTime: "2026-12-05T10:00:00Z"
          status: {lastUpdateTime: "2026-12-05T10:00:05Z", total: {responsesSent: 4, responsesAcknowledged: 4}}
      """);

  @Test
  void anOverviewCarriesTheZoneAndItsInsight() {
    JsonNode out = GlobalOverviews.ZONES.render(ZONE, INSIGHT, false);
    assertThat(out.path("type").asText()).isEqualTo("ZoneOverview");
    assertThat(out.path("name").asText()).isEqualTo("zone-1");
    assertThat(out.has("mesh")).isFalse();
    assertThat(out.path("creationTime").asText()).isEqualTo("2026-12-05T10:00:00Z");
    assertThat(out.path("zone").path("enabled").asBoolean()).isTrue();
    JsonNode subscription = out.path("zoneInsight").path("subscriptions").get(0);
    assertThat(subscription.path("zoneInstanceId").asText()).isEqualTo("zone-cp-1");
    assertThat(subscription.path("status").path("total").path("responsesSent").asLong()).isEqualTo(4);
  }

  @Test
  void aZoneThatNeverConnectedHasNoInsightInAListAndAnEmptyOneAlone() {
    assertThat(GlobalOverviews.ZONES.render(ZONE, null, false).has("zoneInsight")).isFalse();
    assertThat(GlobalOverviews.ZONES.render(ZONE, null, true).path("zoneInsight").isEmpty()).isTrue();
  }
}
