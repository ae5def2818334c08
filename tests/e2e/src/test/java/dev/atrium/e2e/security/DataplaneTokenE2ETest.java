package dev.atrium.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.e2e.AdsProbe;
import dev.atrium.e2e.Atriumctl;
import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.DataplaneFileIdentity;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataplane tokens end to end, with one store and one xds-server for the class: atrium-dp and Envoy
 * (real processes) and grpc-java ADS streams present tokens issued by {@code POST /tokens/dataplane} or
 * {@code atriumctl generate dataplane-token}; the xds-server refuses every proxy that is not who its
 * token says, with Kuma's messages, before it gets any configuration.
 */
class DataplaneTokenE2ETest {
  static final String TOKEN_REQUIRED = "Dataplane Token is required. Generate token using 'kumactl generate "
      + "dataplane-token > /path/file' and provide it via --dataplane-token-file=/path/file argument to Kuma DP";

  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  static final List<Process> agents = new ArrayList<>();

  @BeforeAll
  static void startControlPlane() {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    // Dataplanes an operator registered: their proxies only connect.
    put("/meshes/default/dataplanes/dp-2", dataplane("default", "dp-2", "web"));
    put("/meshes/rotating", "{\"type\":\"Mesh\",\"name\":\"rotating\"}");
    put("/meshes/rotating/dataplanes/dp-r", dataplane("rotating", "dp-r", "api"));
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (Process p : agents) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @Test
  void anAgentWithoutATokenIsRefusedWithKumasText() throws Exception {
    Path file = dataplaneFile("dp-none", "none");
    List<String> args = withoutToken(xds.agentArgs(DataplaneFileIdentity.read(file)));
    Agent agent = runAgent(args, "--dataplane-file", file.toString());

    assertThat(agent.process.waitFor(60, TimeUnit.SECONDS)).as(agent.log()).isTrue();
    assertThat(agent.process.exitValue()).isNotZero();
    assertThat(agent.log()).contains("(HTTP 422)", TOKEN_REQUIRED);
    assertThat(Http.get(store.apiUrl() + "/meshes/default/dataplanes/dp-none").status()).as("nothing registered").isEqualTo(404);
  }

  @Test
  void anotherProxysTokenNeverGetsAListenerToEnvoy() throws Exception {
    Path dp1Token = xds.dataplaneTokenFile("default", "dp-1");

    // Registering a Dataplane with another's token: refused at the bootstrap, nothing stored.
    Path dp3 = dataplaneFile("dp-3", "web");
    Agent registering = runAgent(withToken(xds.agentArgs(DataplaneFileIdentity.read(dp3)), dp1Token),
        "--dataplane-file", dp3.toString());
    assertThat(registering.process.waitFor(60, TimeUnit.SECONDS)).as(registering.log()).isTrue();
    assertThat(registering.log()).contains("authentication failed: proxy name from requestor: dp-3 is different than in token: dp-1");
    assertThat(Http.get(store.apiUrl() + "/meshes/default/dataplanes/dp-3").status()).isEqualTo(404);

    // Connecting as an existing Dataplane with another's token: Envoy runs, ADS refuses it.
    int admin = Ports.free();
    Agent impostor = runAgent(withToken(xds.agentArgs(new DataplaneFileIdentity("default", "dp-2")), dp1Token),
        "--name", "dp-2", "--mesh", "default", "--admin-port", String.valueOf(admin));
    double before = refusals("mismatch");
    eventually(Duration.ofSeconds(60), () -> refusals("mismatch") >= before + 2, impostor::log);
    assertThat(impostor.log()).as("Envoy's view of the refusal")
        .contains("closed: 16, authentication%20failed%3A%20proxy%20name%20from%20requestor%3A%20dp-2");
    Thread.sleep(3000); // Envoy keeps retrying, and keeps being refused
    EnvoyAdmin envoy = new EnvoyAdmin(admin);
    assertThat(impostor.process.isAlive()).as(impostor.log()).isTrue();
    assertThat(envoy.listenerNames()).as("no listener ever reaches the impostor").isEmpty();
    assertThat(envoy.ready()).isFalse();
    assertThat(envoy.configDump().toString()).doesNotContain("dynamic_listeners\":[{");
    stop(impostor);
  }

  @Test
  void aTokenForOtherTagsIsRefusedWithKumasMessage() throws Exception {
    String token = Http.post(store.apiUrl() + "/tokens/dataplane",
        "{\"mesh\":\"default\",\"tags\":{\"kuma.io/service\":[\"other\"]}}", "content-type", "application/json").body();

    Status status = AdsProbe.connect(xds, "default.dp-2", token);

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).isEqualTo("authentication failed: dataplane contains tag \"kuma.io/service\" with "
        + "value \"web\" which is not allowed with this token. Allowed values in token are [\"other\"]");
    assertThat(AdsProbe.connect(xds, "default.dp-2", null).getDescription())
        .isEqualTo("authentication failed: request must have exactly 1 \"authorization\" header, got 0");
    assertThat(xds.logTail()).doesNotContain(token);

    // Nor may anyone without dp-2's token deregister it.
    assertThat(Http.delete(xds.url() + "/dataplanes/default/dp-2").status()).isEqualTo(401);
    Http.Reply wrongToken = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(xds.url() + "/dataplanes/default/dp-2"))
        .header("authorization", token).DELETE());
    assertThat(wrongToken.status()).isEqualTo(401);
    assertThat(wrongToken.body()).startsWith("authentication failed: dataplane contains tag \"kuma.io/service\"");
    assertThat(Http.get(store.apiUrl() + "/meshes/default/dataplanes/dp-2").status()).isEqualTo(200);
  }

  @Test
  void aRevokedOrExpiredTokenIsRefusedOnTheNextConnection() throws Exception {
    String revoked = xds.dataplaneToken("default", "dp-2");
    assertThat(AdsProbe.connect(xds, "default.dp-2", revoked)).isEqualTo(AdsProbe.SERVED);
    String jti = claim(revoked, "jti");
    put("/meshes/default/secrets/dataplane-token-revocations-default", "{\"type\":\"Secret\",\"mesh\":\"default\","
        + "\"name\":\"dataplane-token-revocations-default\",\"data\":\"" + base64("some-other-id," + jti) + "\"}");
    eventually(Duration.ofSeconds(10), () -> "authentication failed: token is revoked"
        .equals(AdsProbe.connect(xds, "default.dp-2", revoked).getDescription()), () -> "still accepted");

    // Kuma's --valid-for; 5 s rather than the 2 s so that a busy machine still uses it in time.
    Atriumctl.Result generated = Atriumctl.run(store.apiUrl(), "generate", "dataplane-token", "--name", "dp-2",
        "--mesh", "default", "--valid-for", "5s");
    // Measured once the command returned: the token was minted before, so it is expired 5 s after this at the latest
    // (a slow CLI start on a loaded machine must not leave it valid when the test expects it expired).
    long issued = System.nanoTime();
    assertThat(generated.exitCode()).as(generated.stderr()).isZero();
    String shortLived = generated.stdout().strip();
    assertThat(shortLived.split("\\.")).as("the token alone").hasSize(3);
    assertThat(AdsProbe.connect(xds, "default.dp-2", shortLived)).isEqualTo(AdsProbe.SERVED);
    Thread.sleep(Math.max(0, 5_500 - (System.nanoTime() - issued) / 1_000_000));
    assertThat(AdsProbe.connect(xds, "default.dp-2", shortLived).getDescription())
        .isEqualTo("authentication failed: could not parse token: token has invalid claims: token is expired");
  }

  @Test
  void aTokenOfARotatedAwayKeyIsRefusedAndTheNewKeysTokenServed() throws Exception {
    String old = xds.dataplaneToken("rotating", "dp-r");
    assertThat(AdsProbe.connect(xds, "rotating.dp-r", old)).isEqualTo(AdsProbe.SERVED);
    put("/meshes/rotating/secrets/dataplane-token-signing-key-rotating-2", "{\"type\":\"Secret\",\"mesh\":\"rotating\","
        + "\"name\":\"dataplane-token-signing-key-rotating-2\",\"data\":\"" + base64(newRsaKeyPem()) + "\"}");
    String rotated = xds.dataplaneToken("rotating", "dp-r");
    assertThat(header(rotated)).contains("\"kid\":\"2\"");
    assertThat(AdsProbe.connect(xds, "rotating.dp-r", old)).as("kid 1 verifies while its Secret exists").isEqualTo(AdsProbe.SERVED);

    assertThat(Http.delete(store.apiUrl() + "/meshes/rotating/secrets/dataplane-token-signing-key-rotating-1").status()).isEqualTo(200);
    String expected = "authentication failed: there is no signing key with KID 1. Secret of name "
        + "\"dataplane-token-signing-key-rotating-1\" in mesh \"rotating\" is not found. If signing key was rotated, regenerate the token";
    eventually(Duration.ofSeconds(10), () -> expected.equals(AdsProbe.connect(xds, "rotating.dp-r", old).getDescription()),
        () -> "still accepted");
    assertThat(AdsProbe.connect(xds, "rotating.dp-r", rotated)).isEqualTo(AdsProbe.SERVED);
  }

  @Test
  void aGoodTokenIsServed() throws Exception {
    Path file = dataplaneFile("dp-1", "web");
    try (DataplaneAgent agent = new DataplaneAgent(xds, file, Ports.free(), dir.resolve("agents")).start(Duration.ofSeconds(60))) {
      assertThat(agent.admin().listenerNames()).isNotEmpty();
      assertThat(agent.stop()).isZero();
    }
    assertThat(Http.get(store.apiUrl() + "/meshes/default/dataplanes/dp-1").status())
        .as("the agent deregistered its Dataplane with its token").isEqualTo(404);
  }

  // --- helpers ---

  private record Agent(Process process, Path logFile) {
    String log() {
      try {
        return Files.readString(logFile);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }

  private static Agent runAgent(List<String> controlPlaneArgs, String... more) throws IOException {
    Path log = Files.createDirectories(dir.resolve("agents")).resolve("agent-" + System.nanoTime() + ".log");
    List<String> cmd = new ArrayList<>(List.of("bash", DataplaneAgent.LAUNCHER.toString(), "run"));
    cmd.addAll(controlPlaneArgs);
    cmd.addAll(List.of(more));
    if (!cmd.contains("--admin-port")) cmd.addAll(List.of("--admin-port", String.valueOf(Ports.free())));
    cmd.addAll(List.of("--work-dir", dir.resolve("agents/work-" + System.nanoTime()).toString(), "--bootstrap-timeout", "10s"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    agents.add(p);
    return new Agent(p, log);
  }

  private static void stop(Agent agent) throws InterruptedException {
    agent.process.descendants().forEach(ProcessHandle::destroyForcibly);
    agent.process.destroyForcibly();
    agent.process.waitFor(10, TimeUnit.SECONDS);
  }

  /** The harness's arguments without the token it adds. */
  private static List<String> withoutToken(List<String> args) {
    List<String> out = new ArrayList<>(args);
    int at = out.indexOf("--dataplane-token-file");
    if (at >= 0) {
      out.remove(at + 1);
      out.remove(at);
    }
    return out;
  }

  private static List<String> withToken(List<String> args, Path tokenFile) {
    List<String> out = withoutToken(args);
    out.addAll(List.of("--dataplane-token-file", tokenFile.toString()));
    return out;
  }

  private static Path dataplaneFile(String name, String service) throws IOException {
    return Files.writeString(dir.resolve(name + ".yaml"), dataplane("default", name, service));
  }

  private static String dataplane(String mesh, String name, String service) {
    return """
        {"type":"Dataplane","mesh":"%s","name":"%s","networking":{"address":"127.0.0.1",
         "inbound":[{"port":%d,"servicePort":%d,"tags":{"kuma.io/service":"%s","kuma.io/protocol":"http"}}]}}
        """.formatted(mesh, name, Ports.free(), Ports.free(), service);
  }

  private static void put(String path, String json) {
    Http.Reply reply = Http.put(store.apiUrl() + path, json, "application/json");
    assertThat(reply.status()).as(path + ": " + reply.body()).isBetween(200, 201);
  }

  /** atrium_xds_auth_refusals_total{reason} as the xds-server's Prometheus endpoint shows it (0 before the first). */
  private static double refusals(String reason) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "(?m)^atrium_xds_auth_refusals_total\\{reason=\"" + reason + "\",?\\} (\\S+)$")
        .matcher(Http.get(xds.url() + "/q/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static void eventually(Duration timeout, java.util.function.BooleanSupplier condition, Supplier<String> explain)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + explain.get());
      Thread.sleep(200);
    }
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String header(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
  }

  private static String claim(String token, String name) {
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    int at = payload.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return payload.substring(at, payload.indexOf('"', at));
  }

  /** A new RSA-2048 private key as PEM (PKCS#8), as an operator adds one to rotate. */
  private static String newRsaKeyPem() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }
}
