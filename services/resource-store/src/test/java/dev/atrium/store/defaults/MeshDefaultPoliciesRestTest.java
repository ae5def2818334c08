package dev.atrium.store.defaults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.store.rest.KumaClientsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kuma's default policies as an operator meets them through the REST API: a new Mesh lists them with
 * Kuma's values as soon as its PUT has answered 201; {@code skipCreatingInitialPolicies} leaves out the
 * kinds it names, or all of them; a default the user deleted stays deleted when the Mesh changes; and
 * the "default" Mesh the store made at start-up has them.
 */
@QuarkusTest
@TestProfile(KumaClientsProfile.class)
class MeshDefaultPoliciesRestTest {

  @Test
  void aNewMeshListsKumasFourDefaultPoliciesWhenItsPutAnswers() throws Exception {
    given().contentType("application/json").body("{\"type\":\"Mesh\",\"name\":\"with-defaults\"}")
        .put("/meshes/with-defaults").then().statusCode(201);

    List<String> all = policies("with-defaults");
    System.out.println("a new Mesh's policies: " + all);
    assertThat(all).containsExactlyInAnyOrder("MeshTimeout/mesh-gateways-timeout-all-with-defaults",
        "MeshTimeout/mesh-timeout-all-with-defaults", "MeshRetry/mesh-retry-all-with-defaults",
        "MeshCircuitBreaker/mesh-circuit-breaker-all-with-defaults");

    JsonNode timeout = get("/meshes/with-defaults/meshtimeouts/mesh-timeout-all-with-defaults").path("spec");
    assertThat(timeout.path("targetRef").toString()).isEqualTo("{\"kind\":\"Mesh\",\"proxyTypes\":[\"Sidecar\"]}");
    assertThat(timeout.at("/to/0/default").toString()).isEqualTo(
        "{\"connectionTimeout\":\"5s\",\"idleTimeout\":\"1h\",\"http\":{\"requestTimeout\":\"15s\",\"streamIdleTimeout\":\"30m\"}}");
    assertThat(timeout.at("/from/0/default").toString()).isEqualTo("{\"connectionTimeout\":\"10s\",\"idleTimeout\":\"2h\","
        + "\"http\":{\"requestTimeout\":\"0s\",\"streamIdleTimeout\":\"1h\",\"maxStreamDuration\":\"0s\"}}");
    JsonNode gateways = get("/meshes/with-defaults/meshtimeouts/mesh-gateways-timeout-all-with-defaults").path("spec");
    assertThat(gateways.path("targetRef").toString()).isEqualTo("{\"kind\":\"Mesh\",\"proxyTypes\":[\"Gateway\"]}");
    assertThat(gateways.at("/from/0/default").toString()).isEqualTo(
        "{\"idleTimeout\":\"5m\",\"http\":{\"streamIdleTimeout\":\"5s\",\"requestHeadersTimeout\":\"500ms\"}}");
    assertThat(gateways.at("/to/0/default").toString()).isEqualTo("{\"idleTimeout\":\"1h\",\"http\":{\"streamIdleTimeout\":\"5s\"}}");
    JsonNode retry = get("/meshes/with-defaults/meshretries/mesh-retry-all-with-defaults").path("spec");
    assertThat(retry.path("targetRef").toString()).isEqualTo("{\"kind\":\"Mesh\"}");
    assertThat(retry.at("/to/0/default/tcp/maxConnectAttempt").asInt()).isEqualTo(5);
    assertThat(retry.at("/to/0/default/http").toString()).isEqualTo(
        "{\"numRetries\":5,\"perTryTimeout\":\"16s\",\"backOff\":{\"baseInterval\":\"25ms\",\"maxInterval\":\"250ms\"}}");
    assertThat(retry.at("/to/0/default/grpc")).isEqualTo(retry.at("/to/0/default/http"));
    JsonNode breaker = get("/meshes/with-defaults/meshcircuitbreakers/mesh-circuit-breaker-all-with-defaults").path("spec");
    assertThat(breaker.at("/to/0/default")).isEqualTo(Mappers.JSON.readTree(
        "{\"connectionLimits\":{\"maxConnections\":1024,\"maxPendingRequests\":1024,\"maxRequests\":1024,\"maxRetries\":3}}"));
    given().delete("/meshes/with-defaults").then().statusCode(200);
  }

  @Test
  void skipCreatingInitialPoliciesLeavesOutTheKindsItNamesOrAll() throws Exception {
    given().contentType("application/json").body("{\"type\":\"Mesh\",\"name\":\"bare\",\"skipCreatingInitialPolicies\":[\"*\"]}")
        .put("/meshes/bare").then().statusCode(201);
    given().contentType("application/json")
        .body("{\"type\":\"Mesh\",\"name\":\"no-retry\",\"skipCreatingInitialPolicies\":[\"MeshRetry\"]}")
        .put("/meshes/no-retry").then().statusCode(201);
    System.out.println("skip [*]: " + policies("bare") + "; skip [MeshRetry]: " + policies("no-retry"));
    assertThat(policies("bare")).isEmpty();
    assertThat(policies("no-retry")).containsExactlyInAnyOrder("MeshTimeout/mesh-gateways-timeout-all-no-retry",
        "MeshTimeout/mesh-timeout-all-no-retry", "MeshCircuitBreaker/mesh-circuit-breaker-all-no-retry");
    given().delete("/meshes/bare").then().statusCode(200);
    given().delete("/meshes/no-retry").then().statusCode(200);
  }

  @Test
  void aDeletedDefaultStaysDeletedAndAnEditedOneStaysEdited() throws Exception {
    given().contentType("application/json").body("{\"type\":\"Mesh\",\"name\":\"owned\"}").put("/meshes/owned").then().statusCode(201);
    given().delete("/meshes/owned/meshretries/mesh-retry-all-owned").then().statusCode(200);
    given().contentType("application/json").body("""
        {"type":"MeshCircuitBreaker","mesh":"owned","name":"mesh-circuit-breaker-all-owned","spec":{
          "targetRef":{"kind":"Mesh"},
          "to":[{"targetRef":{"kind":"Mesh"},"default":{"connectionLimits":{"maxConnections":10}}}]}}""").put("/meshes/owned/meshcircuitbreakers/mesh-circuit-breaker-all-owned").then().statusCode(200);

    // The Mesh changes (and is written again with the same spec): nothing comes back or is reset.
    given().contentType("application/json").body("{\"type\":\"Mesh\",\"name\":\"owned\",\"labels\":{\"team\":\"a\"}}")
        .put("/meshes/owned").then().statusCode(200);
    given().contentType("application/json").body("{\"type\":\"Mesh\",\"name\":\"owned\"}").put("/meshes/owned").then().statusCode(200);

    assertThat(policies("owned")).doesNotContain("MeshRetry/mesh-retry-all-owned").hasSize(3);
    assertThat(get("/meshes/owned/meshcircuitbreakers/mesh-circuit-breaker-all-owned")
        .at("/spec/to/0/default/connectionLimits").toString()).isEqualTo("{\"maxConnections\":10}");
    given().delete("/meshes/owned").then().statusCode(200);
  }

  @Test
  void theDefaultMeshMadeAtStartUpHasThem() throws Exception {
    assertThat(policies("default")).contains("MeshTimeout/mesh-timeout-all-default",
        "MeshTimeout/mesh-gateways-timeout-all-default", "MeshRetry/mesh-retry-all-default",
        "MeshCircuitBreaker/mesh-circuit-breaker-all-default");
  }

  /** "Kind/name" of every MeshTimeout, MeshRetry and MeshCircuitBreaker of {@code mesh}. */
  private static List<String> policies(String mesh) throws Exception {
    List<String> out = new ArrayList<>();
    for (String collection : List.of("meshtimeouts", "meshretries", "meshcircuitbreakers")) {
      for (JsonNode item : get("/meshes/" + mesh + "/" + collection).path("items")) {
        out.add(item.path("type").asText() + "/" + item.path("name").asText());
      }
    }
    return out;
  }

  private static JsonNode get(String path) throws Exception {
    return Mappers.JSON.readTree(given().get(path).then().statusCode(200).extract().asString());
  }
}
