package dev.atrium.store.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.Mappers;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.token.DataplaneTokenClaims;
import dev.atrium.security.token.DataplaneTokens;
import dev.atrium.security.token.SigningKey;
import dev.atrium.security.token.SigningKeyLookup;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dataplane tokens as an operator meets them: every Mesh comes with its signing key Secret (whichever
 * API created it, and gone with the Mesh), {@code POST /tokens/dataplane} answers a token signed by the
 * mesh's newest key, and a bad request is refused with Kuma's field-level 400.
 */
@QuarkusTest
@TestProfile(KumaClientsProfile.class)
class DataplaneTokenRestTest {
  @GrpcClient("store")
  StoreGrpc.StoreBlockingStub store;

  @Test
  void everyMeshHasItsSigningKeyFromCreationToDeletion() {
    assertThat(signingKeyPem("default", "1")).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    given().contentType("application/json").body("{\"type\":\"Mesh\",\"name\":\"tokens-rest\"}").put("/meshes/tokens-rest")
        .then().statusCode(201);
    assertThat(signingKeyPem("tokens-rest", "1")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    store.put(PutRequest.newBuilder().setKey(ResourceKey.newBuilder().setKind("Mesh").setName("tokens-grpc"))
        .setSpecJson("{}").build());
    assertThat(signingKeyPem("tokens-grpc", "1")).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    given().delete("/meshes/tokens-rest").then().statusCode(200);
    given().delete("/meshes/tokens-grpc").then().statusCode(200);
    given().get("/meshes/tokens-rest/secrets/dataplane-token-signing-key-tokens-rest-1").then().statusCode(404);
    assertThat(given().get("/secrets").then().statusCode(200).extract().asString()).doesNotContain("tokens-grpc");
  }

  @Test
  void aTokenCarriesTheRequestedClaimsSignedByTheMeshsKey() throws Exception {
    String token = given().contentType("application/json")
        .body("{\"name\":\"dp-1\",\"mesh\":\"default\",\"tags\":{\"kuma.io/service\":[\"web\",\"web-api\"]},"
            + "\"type\":\"dataplane\",\"validFor\":\"1h\"}")
        .post("/tokens/dataplane").then().statusCode(200).contentType("text/plain").extract().asString();

    DataplaneTokenClaims.Verified verified = DataplaneTokens.verify(token, keysOf("default", "1"), Set.of(), Clock.systemUTC());
    assertThat(verified.claims()).isEqualTo(new DataplaneTokenClaims("dp-1", "default",
        Map.of("kuma.io/service", List.of("web", "web-api")), "dataplane", ""));
    assertThat(verified.expiresAt()).isBetween(java.time.Instant.now().plusSeconds(3500), java.time.Instant.now().plusSeconds(3700));
  }

  @Test
  void theNewestKeySignsAndOlderTokensStillVerifyUntilTheirKeyIsDeleted() throws Exception {
    given().contentType("application/json").body("{\"type\":\"Mesh\",\"name\":\"rotated\"}").put("/meshes/rotated").then().statusCode(201);
    String before = issue("rotated");
    SigningKey second = SigningKey.generate("2");
    given().contentType("application/json").body(Mappers.JSON.createObjectNode().put("type", "Secret").put("mesh", "rotated")
            .put("name", "dataplane-token-signing-key-rotated-2")
            .put("data", Base64.getEncoder().encodeToString(second.privateKeyPem().getBytes(StandardCharsets.US_ASCII))).toString())
        .put("/meshes/rotated/secrets/dataplane-token-signing-key-rotated-2").then().statusCode(201);
    String after = issue("rotated");

    assertThat(header(before)).contains("\"kid\":\"1\"");
    assertThat(header(after)).contains("\"kid\":\"2\"");
    DataplaneTokens.verify(after, keysOf("rotated", "2"), Set.of(), Clock.systemUTC());
    DataplaneTokens.verify(before, keysOf("rotated", "1"), Set.of(), Clock.systemUTC());
    given().delete("/meshes/rotated").then().statusCode(200);
    given().get("/meshes/rotated/secrets/dataplane-token-signing-key-rotated-1").then().statusCode(404);
  }

  @Test
  void badRequestsNameTheFieldInKumasWords() throws Exception {
    JsonNode empty = error(given().contentType("application/json").body("{\"name\":\"dp-1\"}").post("/tokens/dataplane")
        .then().statusCode(400).extract().asString());
    assertThat(empty.path("title").asText()).isEqualTo("Invalid request");
    assertThat(empty.at("/invalid_parameters/0/field").asText()).isEqualTo("mesh");
    assertThat(empty.at("/invalid_parameters/0/reason").asText()).isEqualTo("cannot be empty");

    JsonNode validFor = error(given().contentType("application/json").body("{\"mesh\":\"default\",\"validFor\":\"2 days\"}")
        .post("/tokens/dataplane").then().statusCode(400).extract().asString());
    assertThat(validFor.at("/invalid_parameters/0/field").asText()).isEqualTo("validFor");
    assertThat(validFor.at("/invalid_parameters/0/reason").asText()).isEqualTo("is invalid: time: unknown unit \" days\" in duration \"2 days\"");

    JsonNode noMesh = error(given().contentType("application/json").body("{\"mesh\":\"nowhere\"}").post("/tokens/dataplane")
        .then().statusCode(404).extract().asString());
    assertThat(noMesh.path("title").asText()).isEqualTo("Signing Key not found");
    assertThat(noMesh.path("detail").asText()).contains("Secret of name \"dataplane-token-signing-key-nowhere-1\" in mesh \"nowhere\"");
  }

  private static String issue(String mesh) {
    return given().contentType("application/json").body("{\"mesh\":\"" + mesh + "\"}").post("/tokens/dataplane")
        .then().statusCode(200).extract().asString();
  }

  private static String header(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
  }

  private static JsonNode error(String body) throws Exception {
    return Mappers.JSON.readTree(body);
  }

  private static String signingKeyPem(String mesh, String kid) {
    String data = given().get("/meshes/" + mesh + "/secrets/dataplane-token-signing-key-" + mesh + "-" + kid)
        .then().statusCode(200).extract().path("data");
    return new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII);
  }

  private static SigningKeyLookup keysOf(String mesh, String kid) {
    PublicKey key = Pem.publicKey(signingKeyPem(mesh, kid));
    return new SigningKeyLookup() {
      @Override
      public Optional<PublicKey> publicKey(String k) {
        return k.equals(kid) ? Optional.of(key) : Optional.empty();
      }

      @Override
      public String notFoundMessage(String k) {
        return "no key " + k;
      }
    };
  }
}
