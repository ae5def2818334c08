package dev.atrium.core.multizone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.zone.ZoneInsightSpec;
import dev.atrium.core.model.zone.ZoneInsightSpec.Stats;
import dev.atrium.core.model.zone.ZoneInsightSpec.Subscription;
import dev.atrium.core.model.zone.ZoneSpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ZoneSubscriptionsTest {
  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  static final Duration STALE = Duration.ofSeconds(15);

  private static Subscription sub(String id, Instant at) {
    return ZoneSubscriptions.fresh(id, "global-1", "zone-cp-1", at, null, null);
  }

  @Test
  void aFreshSubscriptionIsOnlineUntilItsHeartbeatIsOlderThanThreeHeartbeats() {
    ZoneInsightSpec insight = ZoneSubscriptions.started(ZoneInsightSpec.empty(), sub("a", T0), T0);
    assertThat(ZoneSubscriptions.online(insight, T0.plusSeconds(15), STALE)).isTrue();
    assertThat(ZoneSubscriptions.online(insight, T0.plusSeconds(16), STALE)).isFalse();
    ZoneInsightSpec beat = ZoneSubscriptions.refreshed(insight, "a", T0.plusSeconds(10), new Stats(3, 3, 0)).orElseThrow();
    assertThat(ZoneSubscriptions.online(beat, T0.plusSeconds(20), STALE)).isTrue();
    assertThat(beat.latest().orElseThrow().generation()).isEqualTo(1L);
    assertThat(beat.latest().orElseThrow().status().total().responsesSent()).isEqualTo(3);
    // Clock skew: a heartbeat from the near future counts as fresh.
    assertThat(ZoneSubscriptions.online(beat, T0, STALE)).isTrue();
  }

  @Test
  void aDisabledZoneOrAClosedOrMissingSubscriptionIsOffline() {
    ZoneInsightSpec insight = ZoneSubscriptions.started(ZoneInsightSpec.empty(), sub("a", T0), T0);
    assertThat(ZoneSubscriptions.online(false, insight, T0, STALE)).isFalse();
    assertThat(ZoneSubscriptions.online(ZoneInsightSpec.empty(), T0, STALE)).isFalse();
    ZoneInsightSpec closed = ZoneSubscriptions.disconnected(insight, "a", T0.plusSeconds(1)).orElseThrow();
    assertThat(ZoneSubscriptions.online(closed, T0.plusSeconds(1), STALE)).isFalse();
    assertThat(ZoneSubscriptions.disconnected(closed, "a", T0.plusSeconds(2))).as("already closed").isEmpty();
  }

  @Test
  void aNewPassClosesTheOldOneAndOnlyTheLastFiveAreKept() {
    ZoneInsightSpec insight = ZoneInsightSpec.empty();
    for (int i = 0; i < 7; i++) insight = ZoneSubscriptions.started(insight, sub("s" + i, T0.plusSeconds(i)), T0.plusSeconds(i));
    assertThat(insight.subscriptions()).extracting(Subscription::id).containsExactly("s2", "s3", "s4", "s5", "s6");
    assertThat(insight.subscriptions().subList(0, 4)).allSatisfy(s -> assertThat(s.open()).isFalse());
    assertThat(insight.subscriptions().get(3).disconnectTime()).isEqualTo(T0.plusSeconds(6).toString());
    assertThat(insight.latest().orElseThrow().open()).isTrue();
  }

  @Test
  void globalClosesOnlyStaleOpenSubscriptionsAndDoingItTwiceChangesNothing() {
    ZoneInsightSpec insight = ZoneSubscriptions.started(ZoneInsightSpec.empty(), sub("a", T0), T0);
    assertThat(ZoneSubscriptions.closeStale(insight, T0.plusSeconds(10), STALE)).isEmpty();
    ZoneInsightSpec closed = ZoneSubscriptions.closeStale(insight, T0.plusSeconds(30), STALE).orElseThrow();
    assertThat(closed.latest().orElseThrow().disconnectTime()).isEqualTo(T0.plusSeconds(30).toString());
    assertThat(ZoneSubscriptions.closeStale(closed, T0.plusSeconds(60), STALE)).isEmpty();
    // A heartbeat of a pass global closed keeps it closed: the zone starts a new pass instead.
    ZoneInsightSpec beat = ZoneSubscriptions.refreshed(closed, "a", T0.plusSeconds(31), new Stats(0, 0, 0)).orElseThrow();
    assertThat(ZoneSubscriptions.online(beat, T0.plusSeconds(31), STALE)).isFalse();
    assertThat(ZoneSubscriptions.refreshed(closed, "gone", T0, new Stats(0, 0, 0))).isEmpty();
  }

  @Test
  void kumasZoneInsightReadsAndAZoneIsEnabledUnlessSaidOtherwise() {
    Resource r = ResourceCodec.decodeAll("""
        type: ZoneInsight
        name: zone-1
        subscriptions:
          - id: 1a2b
            globalInstanceId: global-cp-1
            zoneInstanceId: zone-cp-1
            connectTime: "2026-12-05T10:00:00Z"
            status:
              lastUpdateTime: "2026-12-05T10:00:05Z"
              total: {responsesSent: "12", responsesAcknowledged: "12"}
            version:
              kumaCp: {version: 2.14.3, gitTag: v2.14.3}
            generation: 2
        """).get(0);
    assertThat(r.kind()).isEqualTo(ResourceKind.ZONE_INSIGHT);
    ZoneInsightSpec spec = r.specAs(ZoneInsightSpec.class);
    assertThat(spec.latest().orElseThrow().status().total().responsesSent()).isEqualTo(12);
    assertThat(ZoneSubscriptions.online(spec, Instant.parse("2026-12-05T10:00:10Z"), STALE)).isTrue();
    assertThat(ResourceCodec.decodeAll("type: Zone\nname: zone-1\n").get(0).specAs(ZoneSpec.class).isEnabled()).isTrue();
    assertThat(ResourceCodec.decodeAll("type: Zone\nname: zone-1\nenabled: false\n").get(0).specAs(ZoneSpec.class).isEnabled())
        .isFalse();
  }
}
