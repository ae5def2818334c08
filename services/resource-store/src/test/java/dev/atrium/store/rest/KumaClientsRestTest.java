package dev.atrium.store.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.Mappers;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * What Kuma's kumactl 2.14 gets from the store's REST API: an index that passes
 * {@code config control-planes add} and the per-command compatibility check (ADR 0008), mesh insights
 * with Kuma's counts for {@code inspect meshes}, and Dataplanes tagged with the zone as a Kuma universal
 * zone tags them.
 */
@QuarkusTest
@TestProfile(KumaClientsProfile.class)
class KumaClientsRestTest {
  @GrpcClient("store")
  StoreGrpc.StoreBlockingStub store;

  @Test
  void indexPassesKumactlsChecksAndSaysWhatServesIt() throws Exception {
    JsonNode index = Mappers.JSON.readTree(given().get("/").then().statusCode(200)
        .contentType("application/json").extract().asString());

    // kumactl's ValidateCpCoordinates: product must be its own unless the version is a preview.
    assertThat(index.path("product").asText()).isEqualTo("Kuma");
    // CheckCompatibility warns unless the version equals kumactl's own (2.14.3, the release followed).
    assertThat(index.path("version").asText()).isEqualTo("2.14.3");
    assertThat(index.path("basedOnKuma").asText()).as("marks an alternative distribution").isEqualTo("2.14.3");
    assertThat(index.path("implementation").path("product").asText()).isEqualTo("Atrium");
    assertThat(index.path("implementation").path("version").asText()).isNotBlank();
    assertThat(index.path("hostname").asText()).isNotBlank();
    assertThat(index.path("instanceId").asText()).startsWith(index.path("hostname").asText() + "-");
  }

  @Test
  void dataplanesGetTheZoneTagOnInboundsAndGatewaysAsKumaUniversalWritesIt() throws Exception {
    put("/meshes/default/dataplanes/zoned-web", """
        type: Dataplane
        mesh: default
        name: zoned-web
        networking:
          address: 10.0.0.1
          inbound:
            - port: 8080
              tags: {kuma.io/service: web, kuma.io/zone: elsewhere}
            - port: 8081
              tags: {kuma.io/service: web-admin}
        """, 201);
    put("/meshes/default/dataplanes/zoned-edge", """
        type: Dataplane
        mesh: default
        name: zoned-edge
        networking:
          address: 10.0.0.2
          gateway: {type: BUILTIN, tags: {kuma.io/service: edge}}
        """, 201);

    JsonNode web = get("/meshes/default/dataplanes/zoned-web");
    assertThat(web.at("/networking/inbound/0/tags/kuma.io~1zone").asText()).as("replaced, as Kuma").isEqualTo("default");
    assertThat(web.at("/networking/inbound/1/tags/kuma.io~1zone").asText()).isEqualTo("default");
    assertThat(web.at("/labels/kuma.io~1zone").asText()).isEqualTo("default");
    assertThat(get("/meshes/default/dataplanes/zoned-edge").at("/networking/gateway/tags/kuma.io~1zone").asText())
        .isEqualTo("default");
  }

  @Test
  void aPodsDataplaneFromTheKubernetesControllerKeepsItsTags() throws Exception {
    put("/meshes/default/dataplanes/pod-web.demo", """
        type: Dataplane
        mesh: default
        name: pod-web.demo
        labels: {kuma.io/env: kubernetes}
        networking:
          address: 10.0.0.3
          inbound:
            - port: 8080
              tags: {kuma.io/service: web_demo_svc_80}
        """, 201);

    assertThat(get("/meshes/default/dataplanes/pod-web.demo").at("/networking/inbound/0/tags").has("kuma.io/zone"))
        .as("the controller sets the zone tag itself from its own setting").isFalse();
  }

  @Test
  void meshInsightCountsAsKumasResyncer() throws Exception {
    put("/meshes/insights", "type: Mesh\nname: insights\n", 201);
    put("/meshes/insights/dataplanes/web-1", """
        type: Dataplane
        mesh: insights
        name: web-1
        networking:
          address: 10.0.1.1
          inbound: [{port: 8080, tags: {kuma.io/service: web}}]
        """, 201);
    put("/meshes/insights/dataplanes/web-2", """
        type: Dataplane
        mesh: insights
        name: web-2
        networking:
          address: 10.0.1.2
          inbound:
            - {port: 8080, tags: {kuma.io/service: web}}
            - {port: 8081, tags: {kuma.io/service: web-admin}, health: {ready: false}}
        """, 201);
    put("/meshes/insights/dataplanes/edge-1", """
        type: Dataplane
        mesh: insights
        name: edge-1
        networking:
          address: 10.0.1.3
          gateway: {type: BUILTIN, tags: {kuma.io/service: edge}}
        """, 201);
    put("/meshes/insights/dataplanes/kong-1", """
        type: Dataplane
        mesh: insights
        name: kong-1
        networking:
          address: 10.0.1.4
          gateway: {tags: {kuma.io/service: kong}}
        """, 201);
    put("/meshes/insights/meshgateways/edge", """
        type: MeshGateway
        mesh: insights
        name: edge
        selectors: [{match: {kuma.io/service: edge}}]
        conf: {listeners: [{port: 8080, protocol: HTTP}]}
        """, 201);
    put("/meshes/insights/meshgatewayroutes/edge-route", """
        type: MeshGatewayRoute
        mesh: insights
        name: edge-route
        selectors: [{match: {kuma.io/service: edge}}]
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: web}}]
        """, 201);
    insight("web-1", """
        {"subscriptions":[{"id":"a","connectTime":"2026-01-01T00:00:00Z",
          "version":{"kumaDp":{"version":"2.14.3"},"envoy":{"version":"1.40.0"}}}],
         "mTLS":{"issuedBackend":"ca-1","supportedBackends":["ca-1"]}}""");
    insight("web-2", """
        {"subscriptions":[{"id":"b","connectTime":"2026-01-01T00:00:00Z",
          "version":{"kumaDp":{"version":"2.14.3"},"envoy":{"version":"1.40.0"}}}]}""");
    insight("edge-1", """
        {"subscriptions":[{"id":"c","connectTime":"2026-01-01T00:00:00Z","disconnectTime":"2026-01-01T00:01:00Z",
          "version":{"kumaDp":{"version":"0.1.0"},"envoy":{"version":"1.40.0"}}}]}""");

    // Secret: the mesh's dataplane-token signing key, created with every Mesh (and counted by Kuma too);
    // MeshTimeout x2, MeshRetry, MeshCircuitBreaker: Kuma's default policies, also created with every Mesh.
    ObjectNode insight = (ObjectNode) get("/mesh-insights/insights");
    assertThat(insight.path("type").asText()).isEqualTo("MeshInsight");
    assertThat(insight.path("name").asText()).isEqualTo("insights");
    assertThat(insight.has("mesh")).as("MeshInsight is a global kind").isFalse();
    assertThat(insight.path("creationTime").asText()).isNotBlank();
    insight.remove(java.util.List.of("type", "name", "creationTime", "modificationTime"));
    assertThat(insight).isEqualTo(Mappers.JSON.readTree("""
        {"dataplanes":{"total":4,"online":1,"offline":2,"partiallyDegraded":1},
         "policies":{"MeshGatewayRoute":{"total":1}},
         "dpVersions":{
           "kumaDp":{"0.1.0":{"total":1,"offline":1},"2.14.3":{"total":1,"online":1,"partiallyDegraded":1},
                     "unknown":{"total":1,"offline":1}},
           "envoy":{"1.40.0":{"total":2,"online":1,"offline":1,"partiallyDegraded":1},"unknown":{"total":1,"offline":1}}},
         "mTLS":{"issuedBackends":{"ca-1":{"total":1,"online":1}},"supportedBackends":{"ca-1":{"total":1,"online":1}}},
         "services":{"total":4,"internal":4},
         "dataplanesByType":{"standard":{"total":2,"online":1,"partiallyDegraded":1},
           "gateway":{"total":2,"offline":2},"gatewayBuiltin":{"total":1,"offline":1},
           "gatewayDelegated":{"total":1,"offline":1}},
         "resources":{"Dataplane":{"total":4},"MeshCircuitBreaker":{"total":1},"MeshGateway":{"total":1},
           "MeshGatewayRoute":{"total":1},"MeshRetry":{"total":1},"MeshTimeout":{"total":2},"Secret":{"total":1}}}"""));
  }

  @Test
  void meshInsightsListEveryMeshPagedAndAreReadOnly() throws Exception {
    put("/meshes/listed-a", "type: Mesh\nname: listed-a\n", 201);
    put("/meshes/listed-b", "type: Mesh\nname: listed-b\n", 201);

    JsonNode page = get("/mesh-insights?name=listed-&size=1");
    assertThat(page.path("total").asInt()).isEqualTo(2);
    assertThat(page.path("items").get(0).path("name").asText()).isEqualTo("listed-a");
    assertThat(page.path("items").get(0).path("dataplanes").toString()).as("empty mesh: jsonpb's {}").isEqualTo("{}");
    assertThat(page.path("next").asText()).endsWith("/mesh-insights?name=listed-&offset=1&size=1");
    JsonNode all = get("/mesh-insights");
    assertThat(all.path("items")).extracting(i -> i.path("name").asText()).contains("default", "listed-a", "listed-b");

    given().get("/mesh-insights/nope").then().statusCode(404);
    given().contentType("application/json").body("{}").put("/mesh-insights/listed-a").then().statusCode(405);
  }

  private void insight(String name, String specJson) {
    store.put(PutRequest.newBuilder()
        .setKey(ResourceKey.newBuilder().setKind("DataplaneInsight").setMesh("insights").setName(name))
        .setSpecJson(specJson).build());
  }

  private static void put(String path, String yaml, int status) {
    given().contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).put(path).then().statusCode(status);
  }

  private static JsonNode get(String path) throws Exception {
    return Mappers.JSON.readTree(given().get(path).then().statusCode(200).extract().asString());
  }
}
