package dev.atrium.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.Mappers;
import dev.atrium.e2e.Atriumctl;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.StoreProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API as a caller on another machine meets it: curl in a network namespace (a pod's network),
 * the packaged store listening on every address, so that its loopback stays the admin's (the admin
 * token is read there, as Kuma's docs say) while the namespace's calls arrive from 10.x.y.2. Kuma's 401
 * and 403 bodies, admin-only Secrets and token generation, writes for authenticated users only, expired
 * and revoked tokens, atriumctl's words for all of it, and the switch that makes loopback anonymous.
 */
class ApiAuthE2ETest {
  static final String ROUTE = """
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
  static final String ANONYMOUS_SECRET_DENIAL =
      "user \"mesh-system:anonymous/mesh-system:unauthenticated\" cannot access the resource of type \"Secret\"";

  @TempDir static Path dir;
  static AuthFixture fixture;
  static PodCaller remote;
  static String admin;

  @BeforeAll
  static void startStoreAndPod() throws Exception {
    fixture = new AuthFixture(dir.resolve("store"));
    remote = fixture.remote;
    admin = fixture.admin;
  }

  @AfterAll
  static void stop() {
    if (fixture != null) fixture.close();
  }

  @Test
  void anonymousCallersGetKumas403ForSecretsAndCannotWrite() throws Exception {
    PodCaller.Reply secret = remote.get("/meshes/default/secrets/x", null);
    assertThat(secret.status()).isEqualTo(403);
    assertThat(secret.json()).isEqualTo(Mappers.JSON.readTree(
        "{\"type\":\"/std-errors\",\"status\":403,\"title\":\"Access Denied\",\"detail\":" + AuthFixture.quoted(ANONYMOUS_SECRET_DENIAL)
            + ",\"details\":" + AuthFixture.quoted(ANONYMOUS_SECRET_DENIAL) + "}"));

    PodCaller.Reply put = remote.call("PUT", "/meshes/default/meshgatewayroutes/anon", null, ROUTE.formatted("anon"));
    assertThat(put.status()).isEqualTo(403);
    assertThat(put.json().path("detail").asText()).isEqualTo(
        "user \"mesh-system:anonymous/mesh-system:unauthenticated\" cannot access the resource of type \"MeshGatewayRoute\"");
    assertThat(remote.get("/meshes/default/meshgatewayroutes/anon", null).status()).as("nothing was written").isEqualTo(404);
    assertThat(remote.get("/meshes/default/meshgatewayroutes", null).status()).as("reading is open").isEqualTo(200);
  }

  @Test
  void aGarbageBearerIs401AndTheAdminTokenIs200() throws Exception {
    PodCaller.Reply garbage = remote.get("/meshes/default/meshgatewayroutes", "garbage");
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(garbage.json()).isEqualTo(Mappers.JSON.readTree("""
        {"type":"/std-errors","status":401,"title":"Invalid authentication data","detail":"Unauthenticated",
         "details":"Unauthenticated"}"""));
    PodCaller.Reply asAdmin = remote.get("/meshes/default/secrets/x", admin);
    assertThat(asAdmin.status()).isEqualTo(200);
    assertThat(asAdmin.json().path("data").asText()).isEqualTo("c2VjcmV0");
  }

  @Test
  void aUserWhoIsNotAnAdminCannotGenerateDataplaneTokensButCanWrite() {
    String alice = fixture.userToken("alice", "1h", "team-a");
    PodCaller.Reply dpToken = remote.call("POST", "/tokens/dataplane", alice, "{\"name\":\"dp-1\",\"mesh\":\"default\"}");
    assertThat(dpToken.status()).isEqualTo(403);
    assertThat(dpToken.json().path("title").asText()).isEqualTo("Access Denied");
    assertThat(dpToken.json().path("detail").asText())
        .isEqualTo("user \"alice/team-a,mesh-system:authenticated\" cannot access generate dataplane token");
    assertThat(remote.call("PUT", "/meshes/default/meshgatewayroutes/by-alice", alice, ROUTE.formatted("by-alice")).status())
        .isEqualTo(201);
    assertThat(remote.get("/meshes/default/secrets/x", alice).status()).isEqualTo(403);
  }

  @Test
  void expiredAndRevokedUserTokensAre401() throws Exception {
    // Long enough to be used once on a busy machine, short enough to wait out.
    long issued = System.nanoTime();
    String brief = fixture.userToken("brief", "5s");
    String revoked = fixture.userToken("revoked", "1h");
    assertThat(remote.get("/meshes/default/meshgatewayroutes", brief).status()).isEqualTo(200);
    assertThat(remote.get("/meshes/default/meshgatewayroutes", revoked).status()).isEqualTo(200);

    fixture.revoke(revoked);
    assertThat(remote.get("/meshes/default/meshgatewayroutes", revoked).status()).isEqualTo(401);
    Thread.sleep(Math.max(0, 5_500 - (System.nanoTime() - issued) / 1_000_000));
    PodCaller.Reply expired = remote.get("/meshes/default/meshgatewayroutes", brief);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().path("title").asText()).isEqualTo("Invalid authentication data");
    assertThat(fixture.store.logTail()).contains("token is revoked").contains("token is expired").doesNotContain(revoked);
  }

  @Test
  void atriumctlPresentsTokensAndPrintsRefusalsInKumasWords() throws IOException {
    Atriumctl.Result anonymous = Atriumctl.run(fixture.remoteUrl, "get", "secrets");
    assertThat(anonymous.exitCode()).isEqualTo(1);
    assertThat(anonymous.stderr()).contains("Access Denied (" + ANONYMOUS_SECRET_DENIAL + ")");

    Atriumctl.Result garbage = Atriumctl.runWithEnv(Map.of("ATRIUM_API_TOKEN", "garbage"), "--api-url", fixture.remoteUrl, "get", "meshes");
    assertThat(garbage.exitCode()).isEqualTo(1);
    assertThat(garbage.stderr()).contains("Error: Invalid authentication data (Unauthenticated)");

    Path config = dir.resolve("atriumctl/config");
    Atriumctl.Result added = Atriumctl.runWithEnv(Map.of(), "--config-file", config.toString(), "config", "control-planes",
        "add", "--name", "remote", "--address", fixture.remoteUrl, "--auth-type=tokens", "--auth-conf", "token=" + admin);
    assertThat(added.exitCode()).as(added.stderr()).isZero();
    assertThat(added.stdout()).contains("added Control Plane \"remote\"").doesNotContain(admin);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");

    Atriumctl.Result generated = Atriumctl.runWithEnv(Map.of(), "--config-file", config.toString(), "generate", "user-token",
        "--name", "bob", "--group", "team-b", "--valid-for", "1h");
    assertThat(generated.exitCode()).as(generated.stderr()).isZero();
    String bob = generated.stdout().strip();
    assertThat(bob.split("\\.")).hasSize(3);
    assertThat(Atriumctl.runWithEnv(Map.of(), "--config-file", config.toString(), "get", "secrets").exitCode()).isZero();

    Atriumctl.Result asBob = Atriumctl.runWithEnv(Map.of("ATRIUM_API_TOKEN", bob), "--config-file", config.toString(),
        "get", "secrets");
    assertThat(asBob.exitCode()).as("the environment's token wins over the config's").isEqualTo(1);
    assertThat(asBob.stderr()).contains("user \"bob/team-b,mesh-system:authenticated\" cannot access the resource of type \"Secret\"")
        .doesNotContain(bob);
  }

  @Test
  void withLocalhostIsAdminOffALoopbackCallIsAnonymous() throws Exception {
    // Kuma's variable name, which the store also reads.
    try (StoreProcess strict = StoreProcess.embedded(dir.resolve("strict"))
        .withEnv("KUMA_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN", "false").start()) {
      Http.Reply secret = Http.get(strict.apiUrl() + "/global-secrets/admin-user-token");
      assertThat(secret.status()).isEqualTo(403);
      assertThat(secret.json().path("detail").asText()).isEqualTo(
          "user \"mesh-system:anonymous/mesh-system:unauthenticated\" cannot access the resource of type \"GlobalSecret\"");
      assertThat(Http.get(strict.apiUrl() + "/").status()).isEqualTo(200);
    }
  }
}
