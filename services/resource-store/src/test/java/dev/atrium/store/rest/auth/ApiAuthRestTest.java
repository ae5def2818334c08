package dev.atrium.store.rest.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.service.StoredResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST API's rules as a caller who is not the local admin meets them: Kuma's 401 and 403 bodies,
 * admin-only Secrets and token generation, writes for authenticated users only, expired and revoked
 * tokens, and kumactl's exchange with the admin's bearer token.
 */
@QuarkusTest
@TestProfile(NoLocalAdminProfile.class)
class ApiAuthRestTest {
  private static final String ROUTE = """
      type: MeshGatewayRoute
      mesh: default
      name: %s
      selectors: [{match: {kuma.io/service: edge}}]
      conf:
        http:
          rules:
            - matches: [{path: {match: PREFIX, value: /}}]
              backends: [{destination: {kuma.io/service: web}}]
      """;

  @Inject
  StoreBackend backend;

  String admin;

  @BeforeEach
  void adminToken() {
    admin = new String(backend.get(StoredResources.keyOf(ResourceKind.GLOBAL_SECRET, null, "admin-user-token"))
        .map(s -> ((dev.atrium.core.model.secret.SecretSpec) StoredResources.toResource(s).spec()).data())
        .orElseThrow(), StandardCharsets.UTF_8);
    if (given().auth().oauth2(admin).get("/meshes/default/secrets/x").statusCode() == 404) {
      given().auth().oauth2(admin).contentType("application/json")
          .body("{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"x\",\"data\":\"c2VjcmV0\"}")
          .put("/meshes/default/secrets/x").then().statusCode(201);
    }
  }

  @Test
  void anonymousCallersCannotReadSecretsAndGetKumasJson() throws Exception {
    JsonNode body = json(given().get("/meshes/default/secrets/x"), 403);
    assertThat(body).isEqualTo(Mappers.JSON.readTree("""
        {"type":"/std-errors","status":403,"title":"Access Denied",
         "detail":"user \\"mesh-system:anonymous/mesh-system:unauthenticated\\" cannot access the resource of type \\"Secret\\"",
         "details":"user \\"mesh-system:anonymous/mesh-system:unauthenticated\\" cannot access the resource of type \\"Secret\\""}"""));
    json(given().get("/meshes/default/secrets"), 403);
    json(given().get("/secrets"), 403);
    assertThat(json(given().get("/global-secrets/admin-user-token"), 403).path("detail").asText())
        .endsWith("cannot access the resource of type \"GlobalSecret\"");
  }

  @Test
  void encodedOrDottedPathsToSecretsAreRefusedToo() {
    given().urlEncodingEnabled(false).get("/meshes/default/%73ecrets/x").then().statusCode(403);
    given().urlEncodingEnabled(false).get("/meshes/default%2Fsecrets/x").then().statusCode(403);
    given().urlEncodingEnabled(false).get("//meshes/default/./secrets/x").then().statusCode(403);
    given().urlEncodingEnabled(false).get("/meshes/default/dataplanes/../secrets/x").then().statusCode(403);
  }

  @Test
  void anonymousCallersMayReadButNotWrite() throws Exception {
    given().get("/").then().statusCode(200);
    given().get("/meshes/default/meshgatewayroutes").then().statusCode(200);
    JsonNode refused = json(given().contentType("application/yaml").body(ROUTE.formatted("anon").getBytes(StandardCharsets.UTF_8))
        .put("/meshes/default/meshgatewayroutes/anon"), 403);
    assertThat(refused.path("detail").asText()).isEqualTo(
        "user \"mesh-system:anonymous/mesh-system:unauthenticated\" cannot access the resource of type \"MeshGatewayRoute\"");
    given().delete("/meshes/default").then().statusCode(403);
    given().get("/meshes/default/meshgatewayroutes/anon").then().statusCode(404);
  }

  @Test
  void aBearerThatVerifiesNothingIs401() throws Exception {
    for (String bad : new String[] {"garbage", "a.b.c", admin.substring(0, admin.length() - 3) + "AAA"}) {
      JsonNode body = json(given().header("Authorization", "Bearer " + bad).get("/meshes/default/meshgatewayroutes"), 401);
      assertThat(body).isEqualTo(Mappers.JSON.readTree("""
          {"type":"/std-errors","status":401,"title":"Invalid authentication data","detail":"Unauthenticated",
           "details":"Unauthenticated"}"""));
    }
  }

  @Test
  void theAdminTokenOpensSecretsAndTokenGeneration() {
    given().auth().oauth2(admin).get("/meshes/default/secrets/x").then().statusCode(200);
    given().auth().oauth2(admin).get("/global-secrets/user-token-signing-key-1").then().statusCode(200);
    String token = userToken("alice", "2h", "team-a");
    assertThat(token.split("\\.")).hasSize(3);
  }

  @Test
  void aUserTokenWritesResourcesButNotSecretsNorTokens() throws Exception {
    String alice = userToken("alice", "1h", "team-a");
    given().auth().oauth2(alice).contentType("application/yaml").body(ROUTE.formatted("by-alice").getBytes(StandardCharsets.UTF_8))
        .put("/meshes/default/meshgatewayroutes/by-alice").then().statusCode(201);
    given().auth().oauth2(alice).delete("/meshes/default/meshgatewayroutes/by-alice").then().statusCode(200);
    assertThat(json(given().auth().oauth2(alice).get("/meshes/default/secrets/x"), 403).path("detail").asText())
        .isEqualTo("user \"alice/team-a,mesh-system:authenticated\" cannot access the resource of type \"Secret\"");
    assertThat(json(given().auth().oauth2(alice).contentType("application/json").body("{\"name\":\"dp-1\",\"mesh\":\"default\"}")
        .post("/tokens/dataplane"), 403).path("detail").asText())
        .isEqualTo("user \"alice/team-a,mesh-system:authenticated\" cannot access generate dataplane token");
    assertThat(json(given().auth().oauth2(alice).contentType("application/json")
        .body("{\"zone\":\"zone-2\",\"scope\":[\"ingress\"]}").post("/tokens/zone"), 403).path("detail").asText())
        .isEqualTo("user \"alice/team-a,mesh-system:authenticated\" cannot access generate zone token");
    JsonNode userTokenRefusal = json(given().auth().oauth2(alice).contentType("application/json")
        .body("{\"name\":\"mallory\",\"groups\":[\"mesh-system:admin\"],\"validFor\":\"1h\"}").post("/tokens/user"), 403);
    assertThat(userTokenRefusal.path("title").asText()).isEqualTo("Access Denied");
    assertThat(userTokenRefusal.path("detail").asText()).as("Kuma's user-token service's words").isEqualTo("action not allowed");
  }

  @Test
  void aTokenInTheAdminGroupIsAnAdmin() {
    String ops = userToken("ops", "1h", "mesh-system:admin");
    given().auth().oauth2(ops).get("/meshes/default/secrets/x").then().statusCode(200);
  }

  @Test
  void expiredAndRevokedTokensAre401() throws Exception {
    // Long enough to be used once on a busy machine, short enough to wait out.
    long issued = System.nanoTime();
    String brief = userToken("brief", "4s");
    given().auth().oauth2(brief).get("/meshes/default/meshgatewayroutes").then().statusCode(200);
    String revoked = userToken("revoked", "1h");
    given().auth().oauth2(revoked).get("/meshes/default/meshgatewayroutes").then().statusCode(200);
    String jti = Mappers.JSON.readTree(Base64.getUrlDecoder().decode(revoked.split("\\.")[1])).path("jti").asText();
    given().auth().oauth2(admin).contentType("application/json")
        .body("{\"type\":\"GlobalSecret\",\"name\":\"user-token-revocations\",\"data\":\""
            + Base64.getEncoder().encodeToString(("other," + jti).getBytes(StandardCharsets.UTF_8)) + "\"}")
        .put("/global-secrets/user-token-revocations").then().statusCode(201);
    given().auth().oauth2(revoked).get("/meshes/default/meshgatewayroutes").then().statusCode(401);
    Thread.sleep(Math.max(0, 4_500 - (System.nanoTime() - issued) / 1_000_000));
    given().auth().oauth2(brief).get("/meshes/default/meshgatewayroutes").then().statusCode(401);
  }

  @Test
  void userTokenRequestsAreValidatedWithKumasWords() throws Exception {
    JsonNode body = json(given().auth().oauth2(admin).contentType("application/json").body("{\"groups\":[\"g\"]}")
        .post("/tokens/user"), 400);
    assertThat(body).isEqualTo(Mappers.JSON.readTree("""
        {"type":"/std-errors","status":400,"title":"Invalid request","detail":"Resource is not valid",
         "invalid_parameters":[{"field":"name","reason":"cannot be empty"},{"field":"validFor","reason":"cannot be empty"}],
         "details":"Resource is not valid",
         "causes":[{"field":"name","message":"cannot be empty"},{"field":"validFor","message":"cannot be empty"}]}"""));
    assertThat(json(given().auth().oauth2(admin).contentType("application/json").body("{\"name\":\"a\",\"validFor\":\"1d\"}")
        .post("/tokens/user"), 400).at("/invalid_parameters/0/reason").asText())
        .isEqualTo("is invalid: time: unknown unit \"d\" in duration \"1d\"");
    assertThat(json(given().auth().oauth2(admin).contentType("application/json").body("{\"name\":\"a\",\"validFor\":\"0s\"}")
        .post("/tokens/user"), 400).at("/invalid_parameters/0/reason").asText()).isEqualTo("cannot be empty or nil");
  }

  @Test
  void kumactlWithTheAdminTokenWorksAsAgainstKuma() {
    // kumactl 2.14 with `config control-planes add --auth-type=tokens --auth-conf token=…`: GET / first,
    // then the command's calls, each with the bearer token and its User-Agent.
    given().header("User-Agent", "kumactl/2.14.3").header("Accept", "application/json").auth().oauth2(admin)
        .get("/").then().statusCode(200);
    given().header("User-Agent", "kumactl/2.14.3").auth().oauth2(admin).contentType("application/json")
        .body("{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"from-kumactl\",\"data\":\"dmFsdWU=\"}")
        .put("/meshes/default/secrets/from-kumactl").then().statusCode(201);
    given().header("User-Agent", "kumactl/2.14.3").auth().oauth2(admin).get("/meshes/default/secrets?size=100")
        .then().statusCode(200);
    given().header("User-Agent", "kumactl/2.14.3").auth().oauth2(admin).delete("/meshes/default/secrets/from-kumactl")
        .then().statusCode(200);
  }

  @Test
  void refusalsAreCounted() {
    given().get("/global-secrets").then().statusCode(403);
    given().header("Authorization", "Bearer nope").get("/").then().statusCode(401);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).containsPattern("atrium_api_auth_refusals_total\\{status=\"401\",?} [1-9]")
        .containsPattern("atrium_api_auth_refusals_total\\{status=\"403\",?} [1-9]");
    given().header("Authorization", "Bearer nope").get("/q/health/ready").then().statusCode(200);
  }

  private String userToken(String name, String validFor, String... groups) {
    StringBuilder g = new StringBuilder();
    for (String group : groups) g.append(g.length() == 0 ? "" : ",").append('"').append(group).append('"');
    Response r = given().auth().oauth2(admin).contentType("application/json")
        .body("{\"name\":\"" + name + "\",\"groups\":[" + g + "],\"validFor\":\"" + validFor + "\"}").post("/tokens/user");
    r.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/plain"));
    return r.asString();
  }

  private static JsonNode json(Response r, int status) throws Exception {
    r.then().statusCode(status);
    return Mappers.JSON.readTree(r.asString());
  }
}
