package dev.atrium.dp.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.dp.envoy.EnvoyProcess;
import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.envoy.EnvoyBinary;
import dev.atrium.testing.process.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness port as a kubelet's probe sees it, with a real Envoy 1.40 behind it: one waiting for a
 * control plane that never answers, one with a static configuration (live at once), and none at all.
 */
class ReadinessServerTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private final EnvoyReadiness readiness = new EnvoyReadiness();
  private final List<EnvoyProcess> envoys = new ArrayList<>();
  private ReadinessServer server;

  @BeforeEach
  void startServer() {
    server = ReadinessServer.start("127.0.0.1", 0, readiness);
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    server.close();
    for (EnvoyProcess envoy : envoys) envoy.stop(Duration.ofSeconds(10));
  }

  @Test
  void notReadyBeforeEnvoyRuns() throws Exception {
    assertReply(get("/ready"), 503, "envoy not started");
  }

  @Test
  void notReadyWhileEnvoyWaitsForItsFirstConfiguration() throws Exception {
    int admin = startEnvoy("waiting", waitingForControlPlane(Ports.free(), Ports.free()));
    readiness.envoyStarted(InetSocketAddress.createUnresolved("127.0.0.1", admin));

    // Until Envoy's admin listens the answer is that it cannot be asked; then Envoy's own state: the first
    // CDS answer belongs to Envoy's pre-initialisation, and with initial_fetch_timeout 0s it waits for it.
    assertReply(await(r -> !r.body().strip().equals(EnvoyReadiness.UNREACHABLE)), 503, "PRE_INITIALIZING");
    assertReply(get("/ready"), 503, "PRE_INITIALIZING");
    assertThat(new EnvoyAdmin(admin).ready()).as("Envoy's own admin agrees").isFalse();
  }

  @Test
  void readyWithEnvoysBodyOnceEnvoyIsLive() throws Exception {
    int admin = startEnvoy("live", staticConfig(Ports.free(), Ports.free()));
    readiness.envoyStarted(InetSocketAddress.createUnresolved("127.0.0.1", admin));

    assertReply(await(r -> r.statusCode() == 200), 200, "LIVE");
    assertThat(head("/ready").statusCode()).as("HEAD, as some probers ask").isEqualTo(200);
  }

  @Test
  void notReadyOnceShuttingDownWhileEnvoyStillServes() throws Exception {
    int admin = startEnvoy("draining", staticConfig(Ports.free(), Ports.free()));
    readiness.envoyStarted(InetSocketAddress.createUnresolved("127.0.0.1", admin));
    await(r -> r.statusCode() == 200);

    readiness.shuttingDown();

    assertReply(get("/ready"), 503, "shutting down");
    assertThat(new EnvoyAdmin(admin).ready()).as("Envoy itself is still live, serving what is in flight").isTrue();
  }

  @Test
  void notReadyWhenEnvoysAdminDoesNotAnswer() throws Exception {
    int admin = startEnvoy("stopped", staticConfig(Ports.free(), Ports.free()));
    readiness.envoyStarted(InetSocketAddress.createUnresolved("127.0.0.1", admin));
    await(r -> r.statusCode() == 200);

    assertThat(envoys.remove(0).stop(Duration.ofSeconds(10))).isZero();

    assertReply(get("/ready"), 503, "envoy admin unreachable");
  }

  @Test
  void servesOnlyReady() throws Exception {
    for (String path : List.of("/", "/readyz", "/ready/x", "/stats", "/quitquitquit")) {
      HttpResponse<String> reply = get(path);
      assertThat(reply.statusCode()).as(path).isEqualTo(404);
      assertThat(reply.body()).as(path).isEqualTo("not found: this port serves only GET /ready\n");
    }
    HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("/ready"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
  }

  private void assertReply(HttpResponse<String> reply, int status, String body) {
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
    assertThat(reply.body()).isEqualTo(body + "\n");
    assertThat(reply.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> head(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** Asks /ready until the answer fits; fails (with the last answer) after {@link #WAIT}. */
  private HttpResponse<String> await(Predicate<HttpResponse<String>> fits) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    HttpResponse<String> reply = get("/ready");
    while (!fits.test(reply)) {
      assertThat(System.nanoTime()).as("last answer: " + reply.statusCode() + " " + reply.body()).isLessThan(deadline);
      Thread.sleep(100);
      reply = get("/ready");
    }
    return reply;
  }

  /** Starts Envoy with {@code bootstrap} (whose admin port is the returned one); stopped after the test. */
  private int startEnvoy(String name, Bootstrap bootstrap) throws IOException {
    Path work = Files.createDirectories(dir.resolve(name));
    Path file = Files.writeString(work.resolve("bootstrap.yaml"), bootstrap.yaml());
    envoys.add(EnvoyProcess.start(EnvoyBinary.path(), file, work,
        ProcessBuilder.Redirect.appendTo(work.resolve("envoy.log").toFile())));
    return bootstrap.adminPort();
  }

  private record Bootstrap(int adminPort, String yaml) {}

  /** As the xds-server's bootstraps: everything over ADS, waiting for the first answer with no time limit. */
  private static Bootstrap waitingForControlPlane(int adminPort, int silentControlPlanePort) {
    return new Bootstrap(adminPort, """
        node: {id: default.waiting, cluster: test}
        admin:
          address: {socket_address: {address: 127.0.0.1, port_value: %1$d}}
        dynamic_resources:
          ads_config:
            api_type: GRPC
            transport_api_version: V3
            grpc_services: [{envoy_grpc: {cluster_name: ads_cluster}}]
          lds_config: {ads: {}, resource_api_version: V3, initial_fetch_timeout: 0s}
          cds_config: {ads: {}, resource_api_version: V3, initial_fetch_timeout: 0s}
        static_resources:
          clusters:
          - name: ads_cluster
            type: STATIC
            connect_timeout: 1s
            typed_extension_protocol_options:
              envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                explicit_http_config: {http2_protocol_options: {}}
            load_assignment:
              cluster_name: ads_cluster
              endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %2$d}}}}]}]
        """.formatted(adminPort, silentControlPlanePort));
  }

  /** Nothing to wait for: Envoy is live as soon as it has started. */
  private static Bootstrap staticConfig(int adminPort, int listenerPort) {
    return new Bootstrap(adminPort, """
        node: {id: default.live, cluster: test}
        admin:
          address: {socket_address: {address: 127.0.0.1, port_value: %1$d}}
        static_resources:
          listeners:
          - name: live
            address: {socket_address: {address: 127.0.0.1, port_value: %2$d}}
            filter_chains:
            - filters:
              - name: envoy.filters.network.tcp_proxy
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                  stat_prefix: live
                  cluster: nowhere
          clusters:
          - name: nowhere
            type: STATIC
            load_assignment:
              cluster_name: nowhere
              endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 1}}}}]}]
        """.formatted(adminPort, listenerPort));
  }
}
