package dev.atrium.store.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.token.SigningKeyLookup;
import dev.atrium.security.token.ZoneTokenClaims;
import dev.atrium.security.token.ZoneTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Zone tokens on a standalone control plane, as on global: the signing key GlobalSecret made at start,
 * {@code POST /tokens/zone} with Kuma's body answering a token signed by it, and Kuma's field-level 400s.
 */
@QuarkusTest
@TestProfile(KumaClientsProfile.class)
class ZoneTokenRestTest {

  @Test
  void theSigningKeyIsAGlobalSecretMadeAtStart() {
    assertThat(signingKeyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    // Not a zone: nothing to copy from anywhere.
    given().get("/global-secrets/zone-token-signing-public-key-1").then().statusCode(404);
  }

  @Test
  void aTokenCarriesZoneAndScopeSignedByTheKey() throws Exception {
    String token = given().contentType("application/json")
        .body("{\"zone\":\"zone-2\",\"scope\":[\"ingress\"],\"validFor\":\"24h\"}")
        .post("/tokens/zone").then().statusCode(200).contentType("text/plain").extract().asString();
    ZoneTokenClaims.Verified v = ZoneTokens.verify(token, keys(), Set.of(), Clock.systemUTC());
    assertThat(v.claims()).isEqualTo(new ZoneTokenClaims("zone-2", List.of("ingress")));
    assertThat(v.expiresAt()).isBetween(Instant.now().plusSeconds(86_300), Instant.now().plusSeconds(86_500));
    String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    assertThat(header).contains("\"kid\":\"1\"", "\"alg\":\"RS256\"");

    // No validFor: Kuma's 10 years.
    String longLived = given().contentType("application/json").body("{\"zone\":\"zone-1\",\"scope\":[\"ingress\",\"egress\"]}")
        .post("/tokens/zone").then().statusCode(200).extract().asString();
    assertThat(ZoneTokens.verify(longLived, keys(), Set.of(), Clock.systemUTC()).expiresAt())
        .isAfter(Instant.now().plusSeconds(9L * 365 * 86_400));
  }

  @Test
  void aBadRequestNamesEachFieldInKumasWords() throws Exception {
    JsonNode empty = json(given().contentType("application/json").body("{}").post("/tokens/zone")
        .then().statusCode(400).extract().asString());
    assertThat(empty.path("title").asText()).isEqualTo("Invalid request");
    assertThat(empty.at("/invalid_parameters/0/field").asText()).isEqualTo("zone");
    assertThat(empty.at("/invalid_parameters/0/reason").asText()).isEqualTo("cannot be empty");
    assertThat(empty.at("/invalid_parameters/1/field").asText()).isEqualTo("scope");
    assertThat(empty.at("/invalid_parameters/1/reason").asText()).isEqualTo("cannot be empty");

    JsonNode bad = json(given().contentType("application/json")
        .body("{\"zone\":\"zone-2\",\"scope\":[\"ingress\",\"dataplane\"],\"validFor\":\"2 days\"}").post("/tokens/zone")
        .then().statusCode(400).extract().asString());
    assertThat(bad.at("/invalid_parameters/0/field").asText()).isEqualTo("scope[1]");
    assertThat(bad.at("/invalid_parameters/0/reason").asText())
        .isEqualTo("\"dataplane\" is not a supported scope (supported scopes: ingress, egress, cp)");
    assertThat(bad.at("/invalid_parameters/1/field").asText()).isEqualTo("validFor");
    assertThat(bad.at("/invalid_parameters/1/reason").asText()).isEqualTo("is invalid: time: unknown unit \" days\" in duration \"2 days\"");

    given().contentType("application/json").body("[1]").post("/tokens/zone").then().statusCode(400);
  }

  private static JsonNode json(String body) throws Exception {
    return Mappers.JSON.readTree(body);
  }

  private static String signingKeyPem() {
    String data = given().get("/global-secrets/zone-token-signing-key-1").then().statusCode(200).extract().path("data");
    return new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII);
  }

  private static SigningKeyLookup keys() {
    PublicKey key = Pem.publicKey(signingKeyPem());
    return new SigningKeyLookup() {
      @Override
      public Optional<PublicKey> publicKey(String kid) {
        return kid.equals("1") ? Optional.of(key) : Optional.empty();
      }

      @Override
      public String notFoundMessage(String kid) {
        return "no key " + kid;
      }
    };
  }
}
