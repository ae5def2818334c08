package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.atrium.e2e.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MeshTimeout on real Envoys in front of a backend that answers after 3 s: with {@code requestTimeout: 1s}
 * a builtin gateway's route and a delegated gateway's outbound answer 504 after about a second; once the
 * policy is deleted the same requests wait for the backend's 200. One control plane, backend and pair of
 * proxies for the class.
 */
class MeshTimeoutE2ETest {
  private static final Duration BACKEND_DELAY = Duration.ofSeconds(3);
  private static final String POLICY = "/meshes/default/meshtimeouts/request-1s";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  static HttpServer slowBackend;
  static int gatewayPort;
  static int outboundPort;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    // A bare mesh (skipCreatingInitialPolicies: ['*']): the default mesh-timeout-all-default would win over the test's policy (same targetRef, lower name) and give routes 15 s.
    store = StoreProcess.embedded(dir.resolve("store")).withEnv("ATRIUM_STORE_CREATE_DEFAULT_MESH", "false").start();
    put("/meshes/default", "type: Mesh\nname: default\nskipCreatingInitialPolicies: ['*']\n");
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    slowBackend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    slowBackend.setExecutor(Executors.newCachedThreadPool());
    slowBackend.createContext("/", exchange -> {
      try {
        Thread.sleep(BACKEND_DELAY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "slow".getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    slowBackend.start();

    put("/meshes/default/dataplanes/slow-1", """
        type: Dataplane
        mesh: default
        name: slow-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: slow
                kuma.io/protocol: http
        """.formatted(slowBackend.getAddress().getPort()));
    gatewayPort = Ports.free();
    put("/meshes/default/meshgateways/edge", """
        type: MeshGateway
        mesh: default
        name: edge
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        """.formatted(gatewayPort));
    put("/meshes/default/meshgatewayroutes/slow", """
        type: MeshGatewayRoute
        mesh: default
        name: slow
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: slow}}]
        """);
    agent("""
        type: Dataplane
        mesh: default
        name: edge-1
        networking:
          address: 127.0.0.1
          gateway:
            type: BUILTIN
            tags:
              kuma.io/service: edge
        """);
    outboundPort = Ports.free();
    agent("""
        type: Dataplane
        mesh: default
        name: kong-1
        networking:
          address: 127.0.0.1
          gateway:
            type: DELEGATED
            tags:
              kuma.io/service: kong
          outbound:
            - port: %d
              tags:
                kuma.io/service: slow
        """.formatted(outboundPort));
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) STARTED.get(i).close();
    STARTED.clear();
    if (slowBackend != null) slowBackend.stop(0);
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @Test
  void builtinGatewayRouteAnswers504AfterTheRequestTimeoutUntilThePolicyIsRemoved() {
    requestTimeoutCutsTheSlowBackendShort("http://127.0.0.1:" + gatewayPort + "/");
  }

  @Test
  void delegatedGatewayOutboundAnswers504AfterTheRequestTimeoutUntilThePolicyIsRemoved() {
    requestTimeoutCutsTheSlowBackendShort("http://127.0.0.1:" + outboundPort + "/");
  }

  private static void requestTimeoutCutsTheSlowBackendShort(String url) {
    awaitStatus(url, 200, "the proxy serves the slow backend before any policy");
    put(POLICY, """
        type: MeshTimeout
        mesh: default
        name: request-1s
        spec:
          targetRef:
            kind: Mesh
          to:
            - targetRef:
                kind: Mesh
              default:
                http:
                  requestTimeout: 1s
        """);
    try {
      awaitStatus(url, 504, "the MeshTimeout reaches the proxy");
      Timed cut = get(url);
      System.out.printf("MeshTimeout requestTimeout 1s, %s: %d after %d ms%n", url, cut.status(), cut.elapsed().toMillis());
      assertThat(cut.status()).isEqualTo(504);
      assertThat(cut.elapsed()).as("504 after about the 1 s request timeout")
          .isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
    } finally {
      Http.Reply deleted = Http.delete(store.apiUrl() + POLICY);
      assertThat(deleted.status() / 100).as("DELETE the policy: " + deleted.body()).isEqualTo(2);
    }
    awaitStatus(url, 200, "without the policy the proxy waits for the backend again");
    Timed served = get(url);
    System.out.printf("policy removed, %s: %d after %d ms%n", url, served.status(), served.elapsed().toMillis());
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.elapsed()).as("the backend's 3 s").isGreaterThanOrEqualTo(BACKEND_DELAY.minusMillis(100));
  }

  record Timed(int status, Duration elapsed) {}

  private static Timed get(String url) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Timed(r.statusCode(), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      return new Timed(-1, Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Retries for up to 30 s until {@code url} answers {@code status} (each try may take the backend's 3 s). */
  private static void awaitStatus(String url, int status, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Timed last;
    do {
      last = get(url);
      if (last.status() == status) return;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + ": " + url + " never answered " + status + ", last " + last.status());
  }

  private static DataplaneAgent agent(String dataplaneYaml) {
    int adminPort = Ports.free();
    Path file = dir.resolve("dp-" + adminPort + ".yaml");
    try {
      Files.writeString(file, dataplaneYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataplaneAgent agent = new DataplaneAgent(xds, file, adminPort, dir.resolve("agents"));
    STARTED.add(agent);
    return agent.start(Duration.ofSeconds(60));
  }

  private static void put(String path, String yaml) {
    Http.Reply reply = Http.put(store.apiUrl() + path, yaml, "application/yaml");
    if (reply.status() / 100 != 2) throw new AssertionError("PUT " + path + " answered " + reply.status() + ": " + reply.body());
  }
}
