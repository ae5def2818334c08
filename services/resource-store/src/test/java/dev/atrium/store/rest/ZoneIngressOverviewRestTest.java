package dev.atrium.store.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.Mappers;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What {@code kumactl inspect zoneingresses} and the GUI read: Kuma's ZoneIngressOverview at
 * {@code /zoneingresses+insights} and {@code /zoneingresses/_overview} (and the single forms), the
 * ZoneIngressInsight read-only through REST and owned by its ZoneIngress.
 */
@QuarkusTest
@TestProfile(KumaClientsProfile.class)
class ZoneIngressOverviewRestTest {
  static final String INSIGHT = "{\"subscriptions\":[{\"id\":\"cp:7\",\"controlPlaneInstanceId\":\"cp\","
      + "\"connectTime\":\"2026-12-06T03:00:00Z\",\"status\":{\"lastUpdateTime\":\"2026-12-06T03:00:01Z\","
      + "\"total\":{\"responsesSent\":\"3\",\"responsesAcknowledged\":\"3\"}},"
      + "\"version\":{\"envoy\":{\"version\":\"1.40.0\"}}}]}";

  @GrpcClient("store")
  StoreGrpc.StoreBlockingStub store;

  @Test
  void theOverviewJoinsEachIngressWithItsInsightAndTheInsightGoesWithIt() throws Exception {
    put("zi-connected");
    put("zi-never");
    putInsight("zi-connected");

    JsonNode list = get("/zoneingresses+insights?name=zi-");
    assertThat(list.path("total").asInt()).isEqualTo(2);
    JsonNode connected = list.path("items").get(0);
    assertThat(connected.path("type").asText()).isEqualTo("ZoneIngressOverview");
    assertThat(connected.path("name").asText()).isEqualTo("zi-connected");
    assertThat(connected.has("mesh")).isFalse();
    assertThat(connected.path("creationTime").asText()).isNotEmpty();
    assertThat(connected.path("zoneIngress").path("networking").path("port").asInt()).isEqualTo(10001);
    JsonNode subscription = connected.path("zoneIngressInsight").path("subscriptions").get(0);
    assertThat(subscription.path("connectTime").asText()).isEqualTo("2026-12-06T03:00:00Z");
    assertThat(subscription.path("status").path("total").path("responsesSent").asLong()).isEqualTo(3);
    assertThat(list.path("items").get(1).has("zoneIngressInsight")).as("never connected").isFalse();
    assertThat(get("/zoneingresses/_overview?name=zi-")).isEqualTo(list);
    assertThat(get("/zoneingresses/zi-connected/_overview")).isEqualTo(connected);
    assertThat(get("/zoneingresses+insights/zi-connected")).isEqualTo(connected);
    assertThat(get("/zoneingresses+insights/zi-never").path("zoneIngressInsight").isEmpty()).isTrue();
    given().urlEncodingEnabled(false).get("/zoneingresses+insights/nope").then().statusCode(404);
    assertThat(get("/zones+insights").path("items").isArray()).as("the zones' overview shares the paths").isTrue();
    assertThat(get("/zones/_overview").path("total").isNumber()).isTrue();

    assertThat(get("/zone-ingress-insights/zi-connected").path("type").asText()).isEqualTo("ZoneIngressInsight");
    given().contentType("application/json").body("{\"type\":\"ZoneIngressInsight\",\"name\":\"zi-never\"}")
        .put("/zone-ingress-insights/zi-never").then().statusCode(405);
    assertThatThrownBy(() -> putInsight("zi-gone")).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

    given().delete("/zoneingresses/zi-connected").then().statusCode(200);
    given().get("/zone-ingress-insights/zi-connected").then().statusCode(404);
  }

  private void putInsight(String name) {
    store.put(PutRequest.newBuilder()
        .setKey(ResourceKey.newBuilder().setKind("ZoneIngressInsight").setName(name)).setSpecJson(INSIGHT).build());
  }

  private static void put(String name) {
    String yaml = "type: ZoneIngress\nname: " + name + "\nnetworking: {address: 127.0.0.1, port: 10001}\n";
    given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).put("/zoneingresses/" + name)
        .then().statusCode(201);
  }

  /** Unencoded: kumactl and the GUI send the {@code +} of {@code zoneingresses+insights} as it is. */
  private static JsonNode get(String path) throws Exception {
    return Mappers.JSON.readTree(given().urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asString());
  }
}
