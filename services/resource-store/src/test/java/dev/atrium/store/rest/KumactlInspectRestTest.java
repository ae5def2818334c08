package dev.atrium.store.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.Mappers;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paths behind {@code kumactl inspect services | meshgateway NAME | dataplane NAME |
 * meshhttproute NAME}, answered in the shapes kumactl 2.14 decodes (api-server/types/inspect.go,
 * gateway.go; ServiceInsight), for one mesh with a builtin gateway, its route and two sidecars.
 */
@QuarkusTest
@TestProfile(KumaClientsProfile.class)
class KumactlInspectRestTest {
  private static final String MESH = "/meshes/inspected";

  @GrpcClient("store")
  StoreGrpc.StoreBlockingStub store;

  @BeforeEach
  void mesh() {
    if (given().get(MESH).statusCode() == 200) return;
    put(MESH, "type: Mesh\nname: inspected\n");
    put(MESH + "/dataplanes/edge-1", """
        type: Dataplane
        mesh: inspected
        name: edge-1
        networking:
          address: 127.0.0.1
          gateway: {type: BUILTIN, tags: {kuma.io/service: edge}}
        """);
    put(MESH + "/dataplanes/web-1", sidecar("web-1", "10.0.0.1"));
    put(MESH + "/dataplanes/web-2", sidecar("web-2", "10.0.0.2"));
    put(MESH + "/meshgateways/edge", """
        type: MeshGateway
        mesh: inspected
        name: edge
        selectors: [{match: {kuma.io/service: edge}}]
        conf: {listeners: [{port: 8080, protocol: HTTP}]}
        """);
    put(MESH + "/meshgatewayroutes/edge-route", """
        type: MeshGatewayRoute
        mesh: inspected
        name: edge-route
        selectors: [{match: {kuma.io/service: edge}}]
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: web}}]
        """);
    put(MESH + "/meshhttproutes/api-route", """
        type: MeshHTTPRoute
        mesh: inspected
        name: api-route
        spec:
          targetRef: {kind: MeshGateway, name: edge}
          to:
            - targetRef: {kind: Mesh}
              rules:
                - matches: [{path: {type: PathPrefix, value: /api}}]
                  default:
                    backendRefs: [{kind: MeshService, name: web}]
        """);
    store.put(PutRequest.newBuilder()
        .setKey(ResourceKey.newBuilder().setKind("DataplaneInsight").setMesh("inspected").setName("web-1"))
        .setSpecJson("{\"subscriptions\":[{\"id\":\"a\",\"connectTime\":\"2026-01-01T00:00:00Z\"}],"
            + "\"mTLS\":{\"issuedBackend\":\"ca-1\"}}").build());
  }

  @Test
  void servicesAsKumactlInspectServicesReadsThem() throws Exception {
    JsonNode list = get(MESH + "/service-insights");

    assertThat(list.path("total").asInt()).isEqualTo(2);
    JsonNode edge = list.path("items").get(0);
    assertThat(edge.path("type").asText()).isEqualTo("ServiceInsight");
    assertThat(edge.path("mesh").asText()).isEqualTo("inspected");
    assertThat(edge.path("name").asText()).isEqualTo("edge");
    assertThat(edge.path("status").asText()).isEqualTo("offline");
    assertThat(edge.path("serviceType").asText()).isEqualTo("gateway_builtin");
    JsonNode web = list.path("items").get(1);
    assertThat(web.path("name").asText()).isEqualTo("web");
    assertThat(web.path("status").asText()).as("one of two proxies online").isEqualTo("partially_degraded");
    assertThat(web.path("dataplanes").toString()).isEqualTo("{\"total\":2,\"online\":1,\"offline\":1}");
    assertThat(web.path("issuedBackends").toString()).isEqualTo("{\"ca-1\":1}");
    assertThat(web.has("serviceType")).as("internal is jsonpb's zero value").isFalse();
    assertThat(get(MESH + "/service-insights/web")).isEqualTo(web);
    assertThat(get(MESH + "/service-insights?name=we").path("total").asInt()).isOne();
    given().get(MESH + "/service-insights/nope").then().statusCode(404);
  }

  @Test
  void meshGatewayListsTheDataplanesItConfigures() throws Exception {
    assertThat(get(MESH + "/meshgateways/edge/dataplanes")).isEqualTo(Mappers.JSON.readTree(
        "{\"total\":1,\"items\":[{\"dataplane\":{\"mesh\":\"inspected\",\"name\":\"edge-1\"}}]}"));
    given().get(MESH + "/meshgateways/nope/dataplanes").then().statusCode(404);
    assertThat(get(MESH + "/meshgateways/edge").path("type").asText()).as("the resource path still answers")
        .isEqualTo("MeshGateway");
  }

  @Test
  void aGatewayDataplaneShowsItsListenersHostsRoutesAndDestinations() throws Exception {
    JsonNode edge = get(MESH + "/dataplanes/edge-1/policies");

    assertThat(edge.path("kind").asText()).isEqualTo("MeshGatewayDataplane");
    assertThat(edge.path("gateway").toString()).isEqualTo("{\"mesh\":\"inspected\",\"name\":\"edge\"}");
    JsonNode listener = edge.path("listeners").get(0);
    assertThat(listener.path("port").asInt()).isEqualTo(8080);
    assertThat(listener.path("protocol").asText()).isEqualTo("HTTP");
    JsonNode host = listener.path("hosts").get(0);
    assertThat(host.path("hostName").asText()).isEqualTo("*");
    assertThat(host.path("routes")).extracting(r -> r.path("route").asText()).contains("api-route");
    assertThat(host.findValues("kuma.io/service")).extracting(JsonNode::asText).contains("web");
  }

  @Test
  void aSidecarHasNoLegacyPolicyEntriesAndATargetRefRouteNoLegacyAttachments() throws Exception {
    assertThat(get(MESH + "/dataplanes/web-1/policies")).isEqualTo(Mappers.JSON.readTree(
        "{\"kind\":\"SidecarDataplane\",\"total\":0,\"items\":[]}"));
    assertThat(get(MESH + "/meshhttproutes/api-route/dataplanes")).isEqualTo(Mappers.JSON.readTree(
        "{\"total\":0,\"items\":[]}"));
    given().get(MESH + "/dataplanes/nope/policies").then().statusCode(404);
    given().get(MESH + "/meshtcproutes/nope/dataplanes").then().statusCode(404);
  }

  private static String sidecar(String name, String address) {
    return """
        type: Dataplane
        mesh: inspected
        name: %s
        networking:
          address: %s
          inbound: [{port: 8080, tags: {kuma.io/service: web}}]
        """.formatted(name, address);
  }

  private static void put(String path, String yaml) {
    given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).put(path)
        .then().statusCode(201);
  }

  private static JsonNode get(String path) throws Exception {
    return Mappers.JSON.readTree(given().get(path).then().statusCode(200).extract().asString());
  }
}
