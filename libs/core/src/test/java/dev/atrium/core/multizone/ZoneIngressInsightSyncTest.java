package dev.atrium.core.multizone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Subscription;
import dev.atrium.core.model.zoneingress.ZoneIngressInsightSpec;
import org.junit.jupiter.api.Test;

/** A ZoneIngressInsight reads as Kuma writes it and goes zone → global beside its ingress, never on to other zones. */
class ZoneIngressInsightSyncTest {
  /** Kuma's JSON form: uint64 counters as strings, the subscription shape of a DataplaneInsight. */
  static final Resource INSIGHT = ResourceCodec.decodeAll("""
      type: ZoneIngressInsight
      name: zi-1
      subscriptions:
        - id: cp-a:1
          controlPlaneInstanceId: cp-a
          connectTime: "2026-12-06T03:00:00Z"
          disconnectTime: "2026-12-06T03:10:00Z"
          status: {lastUpdateTime: "2026-12-06T03:09:00Z", total: {responsesSent: "3", responsesAcknowledged: "3"}}
        - id: cp-a:2
          controlPlaneInstanceId: cp-a
          connectTime: "2026-12-06T03:11:00Z"
          status:
            lastUpdateTime: "2026-12-06T03:11:01Z"
            total: {responsesSent: "4", responsesAcknowledged: "3", responsesRejected: "1"}
            lds: {responsesSent: "2", responsesAcknowledged: "1", responsesRejected: "1"}
          version: {kumaDp: {version: 2.14.3}, envoy: {version: 1.40.0}}
      metadata: {features: [feature-tls-passthrough]}
      """).get(0);

  @Test
  void readsKumasShapeAndIsOnlineWhileItsNewestSubscriptionIsOpen() {
    assertThat(INSIGHT.kind()).isEqualTo(ResourceKind.ZONE_INGRESS_INSIGHT);
    assertThat(INSIGHT.mesh()).isNull();
    ZoneIngressInsightSpec spec = INSIGHT.specAs(ZoneIngressInsightSpec.class);
    assertThat(spec.subscriptions()).hasSize(2);
    Subscription latest = spec.asProxyInsight().latest().orElseThrow();
    assertThat(latest.status().total().responsesRejected()).isEqualTo(1);
    assertThat(latest.version().envoy().version()).isEqualTo("1.40.0");
    assertThat(spec.asProxyInsight().online()).isTrue();
    assertThat(spec.metadata().path("features").get(0).asText()).isEqualTo("feature-tls-passthrough");
    assertThat(ZoneIngressInsightSpec.from(spec.asProxyInsight())).isEqualTo(spec);
    assertThat(ResourceCodec.decodeSpec(ResourceKind.ZONE_INGRESS_INSIGHT, ResourceCodec.encodeSpec(spec))).isEqualTo(spec);
  }

  @Test
  void goesToGlobalAfterItsIngressUnderTheIngresssHashedNameAndNoFurther() {
    Resource ingress = ResourceCodec.decodeAll("""
        type: ZoneIngress
        name: zi-1
        networking: {address: 127.0.0.1, port: 10001}
        """).get(0);
    assertThat(ZoneCopies.KINDS.indexOf(ResourceKind.ZONE_INGRESS_INSIGHT))
        .isGreaterThan(ZoneCopies.KINDS.indexOf(ResourceKind.ZONE_INGRESS));
    assertThat(ZoneCopies.sentToGlobal(INSIGHT, "zone-2")).isTrue();
    Resource copy = ZoneCopies.toGlobal(INSIGHT, "zone-2");
    assertThat(copy.name()).isEqualTo(ZoneCopies.toGlobal(ingress, "zone-2").name());
    assertThat(copy.meta().labels()).containsEntry("kuma.io/zone", "zone-2").containsEntry("kuma.io/origin", "zone")
        .containsEntry("kuma.io/display-name", "zi-1");
    assertThat(copy.spec()).isEqualTo(INSIGHT.spec());
    assertThat(GlobalCopies.KINDS).doesNotContain(ResourceKind.ZONE_INGRESS_INSIGHT);
    assertThat(GlobalCopies.sentTo(copy, "zone-1")).as("other zones get the ingress, not its insight").isFalse();
  }
}
