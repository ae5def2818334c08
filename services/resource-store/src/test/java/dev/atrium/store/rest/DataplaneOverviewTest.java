package dev.atrium.store.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.validation.InvalidResourceException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kuma's DataplaneOverview shape and its Dataplane-only filters (gateway=, tag=). */
class DataplaneOverviewTest {
  static final Instant CREATED = Instant.parse("2025-06-01T10:00:00Z");

  static Resource stored(String yaml) {
    Resource r = ResourceCodec.decode(yaml);
    return new Resource(r.kind(), new ResourceMeta(r.mesh(), r.name(), Map.of("kuma.io/mesh", "default"), CREATED,
        CREATED.plusSeconds(5), 7), r.spec());
  }

  static final Resource SIDECAR = stored("""
      type: Dataplane
      mesh: default
      name: backend-1
      networking:
        address: 127.0.0.1
        inbound:
          - port: 8080
            tags: {kuma.io/service: backend, version: v2}
      """);
  static final Resource BUILTIN = stored("""
      type: Dataplane
      mesh: default
      name: edge-1
      networking:
        address: 127.0.0.1
        gateway: {type: BUILTIN, tags: {kuma.io/service: edge-gateway}}
      """);
  static final Resource DELEGATED = stored("""
      type: Dataplane
      mesh: default
      name: kong-1
      networking:
        address: 127.0.0.1
        gateway: {tags: {kuma.io/service: kong}}
      """);
  static final Resource INSIGHT = stored("""
      type: DataplaneInsight
      mesh: default
      name: backend-1
      subscriptions:
        - id: cp-1:1
          connectTime: "2025-06-01T10:00:00Z"
          status: {total: {responsesSent: "3", responsesAcknowledged: "3"}}
      """);

  @Test
  void overviewCarriesTheDataplaneMetaSpecAndInsight() {
    JsonNode o = DataplaneOverview.render(SIDECAR, INSIGHT, true);

    assertThat(o.fieldNames()).toIterable().containsExactly("type", "mesh", "name", "creationTime",
        "modificationTime", "labels", "kri", "dataplane", "dataplaneInsight");
    assertThat(o.get("type").asText()).isEqualTo("DataplaneOverview");
    assertThat(o.get("kri").asText()).isEqualTo("kri_dp_default___backend-1_");
    assertThat(o.at("/dataplane/networking/inbound/0/port").asInt()).isEqualTo(8080);
    assertThat(o.has("networking")).as("the spec sits under dataplane, not at the top").isFalse();
    assertThat(o.at("/dataplaneInsight/subscriptions/0/status/total/responsesSent").asLong()).isEqualTo(3);
  }

  @Test
  void missingInsightIsEmptyInASingleAnswerAndAbsentInAList() {
    assertThat(DataplaneOverview.render(SIDECAR, null, true).get("dataplaneInsight").toString()).isEqualTo("{}");
    assertThat(DataplaneOverview.render(SIDECAR, null, false).has("dataplaneInsight")).isFalse();
  }

  @Test
  void gatewayFilterAsKuma() {
    List<Resource> all = List.of(SIDECAR, BUILTIN, DELEGATED);
    assertThat(names(all, "gateway", "true")).containsExactly("edge-1", "kong-1");
    assertThat(names(all, "gateway", "false")).containsExactly("backend-1");
    assertThat(names(all, "gateway", "builtin")).containsExactly("edge-1");
    assertThat(names(all, "gateway", "delegated")).containsExactly("kong-1");
    assertThatThrownBy(() -> filter("gateway", "maybe")).isInstanceOf(InvalidResourceException.class)
        .satisfies(e -> assertThat(((InvalidResourceException) e).violations().get(0).field()).isEqualTo("gateway"));
  }

  @Test
  void tagFilterMatchesValueSubstringsOfInboundAndGatewayTags() {
    List<Resource> all = List.of(SIDECAR, BUILTIN, DELEGATED);
    assertThat(names(all, "tag", "kuma.io/service:back")).containsExactly("backend-1");
    assertThat(names(all, "tag", "kuma.io/service:gateway")).containsExactly("edge-1");
    assertThat(names(all, "tag", "kuma.io/service:*")).containsExactly("backend-1", "edge-1", "kong-1");
    assertThat(names(all, "tag", "version:*")).containsExactly("backend-1");
    MultivaluedHashMap<String, String> both = new MultivaluedHashMap<>();
    both.add("tag", "kuma.io/service:backend");
    both.add("tag", "version:v1");
    assertThat(all.stream().filter(DataplaneFilter.parse(both)::matches)).as("every tag must match").isEmpty();
    assertThatThrownBy(() -> filter("tag", "no-colon")).isInstanceOf(InvalidResourceException.class);
  }

  private static List<String> names(List<Resource> all, String key, String value) {
    DataplaneFilter f = filter(key, value);
    return all.stream().filter(f::matches).map(Resource::name).toList();
  }

  private static DataplaneFilter filter(String key, String value) {
    MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
    params.add(key, value);
    return DataplaneFilter.parse(params);
  }
}
