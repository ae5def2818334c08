package dev.atrium.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.e2e.Atriumctl;
import dev.atrium.e2e.Curl;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.Seeds;
import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' universal builtin gateway, started with the seeds' own command line — {@code kuma-dp run
 * --cp-address=https://localhost:5678/ --dns-enabled=false --dataplane-token-file=kuma-token-gateway
 * --dataplane-file=my-gateway.yaml}, with atrium-dp in kuma-dp's place — from a directory holding the
 * token ({@code atriumctl generate dataplane-token}) and the seeds' Dataplane, trusting the xds-server's
 * CA through kuma-dp's environment variable as {@code deploy/local/run.sh} prints it: the control plane
 * on 5678 serves it over HTTPS with the token, and the seeds' route answers through it.
 */
class SeedsCommandLineE2ETest {
  private static final Path ATRIUM_DP = RepoPaths.root().resolve("cli/atrium-dp/bin/atrium-dp");
  private static final int SEEDS_ADMIN_PORT = 9901; // the command names none: atrium-dp's default, kuma-dp's too

  @TempDir Path dir;

  @Test
  void theSeedsCommandLineServesTheSeedsRouteOverHttpsWithAToken() throws Exception {
    try (StoreProcess store = StoreProcess.embedded(dir.resolve("store")).start();
        XdsServerProcess xds = new XdsServerProcess(store, dir.resolve("xds")).onPort(5678).start();
        EchoServer app = EchoServer.start("demo-app")) {
      Path sidecarFile = dir.resolve("demo-app.yaml");
      Files.writeString(sidecarFile, """
          type: Dataplane
          mesh: default
          name: demo-app-1
          networking:
            address: 127.0.0.1
            inbound:
              - port: %d
                servicePort: %d
                tags:
                  kuma.io/service: demo-app_kuma-demo_svc_5000
                  kuma.io/protocol: http
          """.formatted(Ports.free(), app.port()));
      try (DataplaneAgent sidecar = new DataplaneAgent(xds, sidecarFile, Ports.free(), dir.resolve("agents"))) {
        sidecar.start(Duration.ofSeconds(60));

        // "this needs to be generated like for regular Dataplane"
        Path work = Files.createDirectories(dir.resolve("gateway"));
        Atriumctl.Result token = Atriumctl.run(store.apiUrl(), "generate", "dataplane-token", "--name=gateway-instance-1");
        assertThat(token.exitCode()).as(token.stderr()).isZero();
        Files.writeString(work.resolve("kuma-token-gateway"), token.stdout());
        Files.writeString(work.resolve("my-gateway.yaml"), Seeds.read("dataplane-gateway-instance-1-builtin.yaml"));

        ProcessBuilder seedsCommand = new ProcessBuilder("bash", ATRIUM_DP.toString(), "run",
            "--cp-address=https://localhost:5678/",
            "--dns-enabled=false",
            "--dataplane-token-file=kuma-token-gateway",
            "--dataplane-file=my-gateway.yaml")
            .directory(work.toFile()).redirectErrorStream(true)
            .redirectOutput(work.resolve("atrium-dp.log").toFile());
        seedsCommand.environment().put("KUMA_CONTROL_PLANE_CA_CERT_FILE", xds.caFile().toString());
        Process gateway = seedsCommand.start();
        try {
          EnvoyAdmin admin = new EnvoyAdmin(SEEDS_ADMIN_PORT);
          awaitReady(gateway, admin, work.resolve("atrium-dp.log"));
          apply(store, Seeds.read("meshgateway-edge-gateway.yaml"));
          apply(store, Seeds.read("meshgatewayroute-edge-gateway-route.yaml"));

          Curl.Result routed = null;
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (System.nanoTime() < deadline) {
            try {
              routed = Curl.run("-H", "Host: foo.example.com", "http://127.0.0.1:8080/");
              if (routed.status() == 200) break;
            } catch (IllegalStateException notListeningYet) {
              // The gateway's listener arrives with the MeshGateway just applied: until then 8080 refuses.
            }
            Thread.sleep(200);
          }
          assertThat(routed.status()).as(routed.body()).isEqualTo(200);
          assertThat(routed.body()).contains("demo-app");
          // The agent never prints the token it was given.
          assertThat(Files.readString(work.resolve("atrium-dp.log"))).doesNotContain(token.stdout().strip());
        } finally {
          gateway.destroy();
          if (!gateway.waitFor(20, TimeUnit.SECONDS)) gateway.destroyForcibly();
          gateway.descendants().forEach(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  private static void awaitReady(Process agent, EnvoyAdmin admin, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!agent.isAlive()) throw new AssertionError("atrium-dp exited with " + agent.exitValue() + ":\n" + Files.readString(log));
      if (admin.ready()) return;
      Thread.sleep(100);
    }
    throw new AssertionError("Envoy not ready:\n" + Files.readString(log));
  }

  private static void apply(StoreProcess store, String yaml) throws Exception {
    Resource r = ResourceCodec.decode(yaml);
    HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(store.apiUrl() + "/meshes/default/" + r.kind().collection() + "/" + r.name()))
        .header("Content-Type", "application/x-yaml").PUT(HttpRequest.BodyPublishers.ofString(yaml)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isIn(200, 201);
  }
}
