package dev.atrium.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Subscription;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.core.validation.Validator;
import org.junit.jupiter.api.Test;

/** A DataplaneInsight as Kuma's API serves it (uint64 counters as strings) reads, and writes back as numbers. */
class DataplaneInsightCodecTest {

  /** Shaped like Kuma 2.14's overview golden file, with Atrium's per-type additions on lds. */
  static final String KUMA_SHAPED = """
      {
        "type": "DataplaneInsight",
        "mesh": "default",
        "name": "backend-1",
        "creationTime": "2025-06-01T10:00:00Z",
        "modificationTime": "2025-06-01T10:05:00Z",
        "subscriptions": [
          {
            "id": "cp-a-1234:7",
            "controlPlaneInstanceId": "cp-a-1234",
            "connectTime": "2025-06-01T09:00:00.123456Z",
            "disconnectTime": "2025-06-01T09:30:00Z",
            "status": {
              "lastUpdateTime": "2025-06-01T09:29:00Z",
              "total": {"responsesSent": "4", "responsesAcknowledged": "4"}
            },
            "generation": 1
          },
          {
            "id": "cp-b-5678:3",
            "controlPlaneInstanceId": "cp-b-5678",
            "connectTime": "2025-06-01T10:00:00Z",
            "status": {
              "lastUpdateTime": "2025-06-01T10:04:59.5Z",
              "total": {"responsesSent": "10", "responsesAcknowledged": "9", "responsesRejected": "1"},
              "cds": {"responsesSent": "3", "responsesAcknowledged": "3"},
              "eds": {"responsesSent": 3, "responsesAcknowledged": 3},
              "lds": {"responsesSent": "2", "responsesAcknowledged": "1", "responsesRejected": "1",
                      "acceptedVersion": "v1", "rejectedVersion": "v2",
                      "lastRejection": "cannot bind '127.0.0.1:9000': Address already in use",
                      "lastRejectionTime": "2025-06-01T10:04:59.5Z"},
              "rds": {"responsesSent": "2", "responsesAcknowledged": "2"}
            },
            "version": {
              "kumaDp": {"version": "0.1.0", "gitTag": "v0.1.0", "gitCommit": "abc", "buildDate": "2025-05-01T00:00:00Z"},
              "envoy": {"version": "1.40.0", "build": "hash/1.40.0/Clean/RELEASE/BoringSSL", "kumaDpCompatible": true},
              "dependencies": {}
            }
          }
        ]
      }
      """;

  @Test
  void readsKumaShapedJsonWithStringCounters() {
    Resource r = ResourceCodec.decode(KUMA_SHAPED);

    assertThat(r.kind()).isEqualTo(ResourceKind.DATAPLANE_INSIGHT);
    assertThat(r.mesh()).isEqualTo("default");
    DataplaneInsightSpec spec = r.specAs(DataplaneInsightSpec.class);
    assertThat(spec.subscriptions()).hasSize(2);
    assertThat(spec.online()).isTrue();
    Subscription latest = spec.latest().orElseThrow();
    assertThat(latest.id()).isEqualTo("cp-b-5678:3");
    assertThat(latest.status().total().responsesSent()).isEqualTo(10);
    assertThat(latest.status().total().responsesRejected()).isEqualTo(1);
    assertThat(latest.status().eds().responsesAcknowledged()).as("numbers are read too").isEqualTo(3);
    assertThat(latest.status().cds().responsesRejected()).as("absent counters are 0").isZero();
    assertThat(latest.status().lds().lastRejection()).contains("Address already in use");
    assertThat(latest.status().lds().acceptedVersion()).isEqualTo("v1");
    assertThat(latest.version().envoy().version()).isEqualTo("1.40.0");
    assertThat(spec.subscriptions().get(0).connected()).isFalse();
    assertThat(new Validator(SecretLookup.unavailable()).validate(r)).isEmpty();
  }

  @Test
  void writesCountersAsNumbersAndRoundTrips() throws Exception {
    Resource r = ResourceCodec.decode(KUMA_SHAPED);

    JsonNode out = Mappers.JSON.readTree(ResourceCodec.toJson(r));
    JsonNode total = out.at("/subscriptions/1/status/total");
    assertThat(total.get("responsesSent").isNumber()).isTrue();
    assertThat(total.get("responsesSent").asLong()).isEqualTo(10);
    assertThat(out.has("kri")).as("no short name, so no kri (as in Kuma)").isFalse();
    assertThat(out.at("/subscriptions/1/connectTime").asText()).isEqualTo("2025-06-01T10:00:00Z");

    assertThat(ResourceCodec.decode(ResourceCodec.toJson(r))).isEqualTo(r);
    assertThat(ResourceCodec.decode(ResourceCodec.toYaml(r))).isEqualTo(r);
    assertThat(ResourceCodec.decodeSpec(r.kind(), ResourceCodec.encodeSpec(r.spec()))).isEqualTo(r.spec());
  }

  @Test
  void acceptsProtoSnakeCaseNames() {
    Resource r = ResourceCodec.decode("""
        type: DataplaneInsight
        mesh: default
        name: dp-1
        subscriptions:
          - id: s1
            control_plane_instance_id: cp
            connect_time: "2025-06-01T10:00:00Z"
            status:
              last_update_time: "2025-06-01T10:00:01Z"
              total: {responses_sent: "2", responses_acknowledged: "2"}
        """);
    Subscription s = r.specAs(DataplaneInsightSpec.class).latest().orElseThrow();
    assertThat(s.controlPlaneInstanceId()).isEqualTo("cp");
    assertThat(s.status().total().responsesAcknowledged()).isEqualTo(2);
  }

  @Test
  void unknownFieldsAreErrorsWithTheirPath() {
    assertThatThrownBy(() -> ResourceCodec.decode("""
        type: DataplaneInsight
        mesh: default
        name: dp-1
        subscriptions:
          - id: s1
            status:
              total: {responsesSnet: 1}
        """))
        .isInstanceOf(InvalidResourceException.class)
        .hasMessageContaining("subscriptions[0].status.total.responsesSnet");
  }

  @Test
  void emptyInsightIsOffline() {
    Resource r = ResourceCodec.decode("{\"type\":\"DataplaneInsight\",\"mesh\":\"default\",\"name\":\"dp-1\"}");
    DataplaneInsightSpec spec = r.specAs(DataplaneInsightSpec.class);
    assertThat(spec.online()).isFalse();
    assertThat(spec.latest()).isEmpty();
    assertThat(ResourceCodec.encodeSpec(spec)).isEqualTo("{}");
  }
}
