package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.KumaDpFixtures;
import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.envoy.EnvoyBinary;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Kuma's kuma-dp 2.14.3 as the agent, replayed: its exact bootstrap request (libs/testing's fixture,
 * with this machine's Envoy version as kuma-dp would find it) goes to a real xds-server, and a real
 * Envoy runs the bootstrap from the answer exactly as kuma-dp would (base64-decoded YAML). The Envoy
 * serves the Dataplane's inbound, and the proxy's insight shows kuma-dp's and Envoy's versions as the
 * request reported them.
 */
class KumaDpAgentE2ETest extends WithControlPlane {
  private static final Pattern ENVOY_BUILD = Pattern.compile("version:\\s*(\\S+/(\\d+\\.\\d+\\.\\d+)/\\S+)");

  @Test
  void kumaDpsRequestBootstrapsAnEnvoyThatServesAndReportsItsVersions() throws Exception {
    EchoServer app = track(EchoServer.start("backend"));
    int inbound = Ports.free();
    int admin = Ports.free();
    Matcher envoy = envoyVersion();
    Path workdir = Files.createDirectories(dir.resolve("kuma-dp"));
    String request = KumaDpFixtures.read(KumaDpFixtures.BOOTSTRAP_REQUEST, Map.of("INBOUND_PORT",
            String.valueOf(inbound), "APP_PORT", String.valueOf(app.port()), "ADMIN_PORT", String.valueOf(admin),
            "READINESS_PORT", String.valueOf(Ports.free()), "WORKDIR", workdir.toString()))
        .replace("9d2a4c1f0e5b7a3c6d8e2f1a4b5c7d9e0f1a2b3c/1.38.2/Clean/RELEASE/BoringSSL", envoy.group(1))
        .replace("1.38.2", envoy.group(2));
    // The fixture's token is a recorded one; this control plane's key signs the one kuma-dp would read.
    // And as kuma-dp run --ca-cert-file=<the xds-server's certificate> sends it: its Envoy trusts that CA.
    com.fasterxml.jackson.databind.node.ObjectNode body =
        (com.fasterxml.jackson.databind.node.ObjectNode) dev.atrium.core.codec.Mappers.JSON.readTree(request);
    body.put("dataplaneToken", xds.dataplaneToken("default", "backend-01"));
    body.put("caCert", Files.readString(xds.caFile()));
    request = body.toString();

    Http.Reply reply = Http.post(xds.url() + "/bootstrap", request,
        "accept", "application/json", "content-type", "application/json");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode answer = reply.json();
    assertThat(answer.at("/kumaSidecarConfiguration/networking/address").asText()).isEqualTo("127.0.0.1");
    assertThat(answer.at("/kumaSidecarConfiguration/metrics/aggregate").isArray()).isTrue();
    Path bootstrap = Files.write(workdir.resolve("bootstrap.yaml"),
        Base64.getDecoder().decode(answer.get("bootstrap").asText()));
    Process proxy = new ProcessBuilder(EnvoyBinary.path().toString(), "-c", bootstrap.toString(),
        "--disable-hot-restart", "--log-level", "warn")
        .redirectErrorStream(true).redirectOutput(workdir.resolve("envoy.log").toFile()).start();
    track(() -> {
      proxy.destroy();
      if (!proxy.waitFor(10, TimeUnit.SECONDS)) proxy.destroyForcibly();
    });
    new EnvoyAdmin(admin).awaitReady(Duration.ofSeconds(60));

    assertThat(Traffic.eventually(Duration.ofSeconds(15),
        () -> Traffic.get("http://127.0.0.1:" + inbound + "/hello").status() == 200))
        .as("the inbound serves the app through Envoy").isTrue();
    String api = store.apiUrl() + "/meshes/default/dataplanes/backend-01";
    assertThat(Traffic.eventually(Duration.ofSeconds(15),
        () -> Http.get(api + "/_overview").json().at("/dataplaneInsight/subscriptions/0/version").isObject()))
        .as(Http.get(api + "/_overview").body()).isTrue();
    JsonNode version = Http.get(api + "/_overview").json().at("/dataplaneInsight/subscriptions/0/version");
    assertThat(version.at("/kumaDp/version").asText()).isEqualTo("2.14.3");
    assertThat(version.at("/kumaDp/gitTag").asText()).isEqualTo("v2.14.3");
    assertThat(version.at("/kumaDp/gitCommit").asText()).isEqualTo("6f3c2d1b8e0a4c7f9d2e5b1a3c4d6e8f0a1b2c3d");
    assertThat(version.at("/kumaDp/buildDate").asText()).isEqualTo("2026-02-12T10:31:07Z");
    assertThat(version.at("/envoy/version").asText()).isEqualTo(envoy.group(2));
    assertThat(version.at("/envoy/build").asText()).isEqualTo(envoy.group(1));
    assertThat(version.at("/envoy/kumaDpCompatible").asBoolean()).isTrue();
    assertThat(Http.get(api).json().at("/networking/inbound/0/tags/kuma.io~1zone").asText())
        .as("registered by the agent, tagged with the zone as Kuma does").isEqualTo("default");
    JsonNode meshInsight = Http.get(store.apiUrl() + "/mesh-insights/default").json();
    assertThat(meshInsight.at("/dpVersions/kumaDp/2.14.3/online").asInt()).as(meshInsight.toString()).isOne();
  }

  /** What kuma-dp's GetEnvoyVersion finds: the build string of `envoy --version` and the release in it. */
  private static Matcher envoyVersion() throws Exception {
    Process p = new ProcessBuilder(EnvoyBinary.path().toString(), "--version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    Matcher m = ENVOY_BUILD.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m;
  }
}
