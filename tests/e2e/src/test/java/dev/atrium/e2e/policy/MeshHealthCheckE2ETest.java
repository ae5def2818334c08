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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Active health checks on a real builtin gateway. Each of two services has two endpoints answering
 * every request with 200 and their name; one of them answers 503 on {@code /health}. Without a policy
 * the gateway's round robin reaches both; with a MeshHealthCheck (HTTP GET /health every second, one
 * failure makes an endpoint unhealthy) — or the legacy HealthCheck whose source is the gateway's
 * listener tags — all requests reach the healthy endpoint. The two services keep the cases apart;
 * one control plane and gateway for the class.
 */
class MeshHealthCheckE2ETest {
  private static final int REQUESTS = 20;
  private static final String MHC = "/meshes/default/meshhealthchecks/health-path";
  private static final String LEGACY = "/meshes/default/health-checks/legacy-health-path";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  static final List<HttpServer> SERVERS = new ArrayList<>();
  static int gatewayPort;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    inbound("checked-healthy", "checked", server("healthy", 200));
    inbound("checked-sick", "checked", server("sick", 503));
    inbound("legacy-healthy", "legacy", server("healthy", 200));
    inbound("legacy-sick", "legacy", server("sick", 503));
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
              tags: {port: edge-http}
        """.formatted(gatewayPort));
    put("/meshes/default/meshgatewayroutes/edge", """
        type: MeshGatewayRoute
        mesh: default
        name: edge
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /legacy}}]
                backends: [{destination: {kuma.io/service: legacy}}]
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: checked}}]
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
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) STARTED.get(i).close();
    STARTED.clear();
    SERVERS.forEach(s -> s.stop(0));
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @Test
  void meshHealthCheckMovesAllTrafficToTheEndpointPassingTheHttpCheck() {
    String url = "http://127.0.0.1:" + gatewayPort + "/";
    Map<String, Integer> before = awaitBoth(url);
    put(MHC, """
        type: MeshHealthCheck
        mesh: default
        name: health-path
        spec:
          targetRef:
            kind: MeshGateway
            name: edge
          to:
            - targetRef:
                kind: MeshService
                name: checked
              default:
                interval: 1s
                timeout: 1s
                unhealthyThreshold: 1
                healthyThreshold: 1
                http:
                  path: /health
        """);
    try {
      Map<String, Integer> after = awaitOnlyHealthy(url);
      System.out.printf("MeshHealthCheck http /health: without policy %s of %d, with policy %s of %d%n",
          before, REQUESTS, after, REQUESTS);
      assertThat(after).as("every request reaches the endpoint passing /health").containsExactly(Map.entry("healthy", REQUESTS));
    } finally {
      delete(MHC);
    }
    awaitBoth(url);
  }

  @Test
  void legacyHealthCheckFromTheListenersTagsDoesTheSame() {
    String url = "http://127.0.0.1:" + gatewayPort + "/legacy";
    Map<String, Integer> before = awaitBoth(url);
    put(LEGACY, """
        type: HealthCheck
        mesh: default
        name: legacy-health-path
        sources:
          - match: {kuma.io/service: edge, port: edge-http}
        destinations:
          - match: {kuma.io/service: legacy}
        conf:
          interval: 1s
          timeout: 1s
          unhealthyThreshold: 1
          healthyThreshold: 1
          http:
            path: /health
        """);
    try {
      Map<String, Integer> after = awaitOnlyHealthy(url);
      System.out.printf("HealthCheck (legacy) http /health: without policy %s of %d, with policy %s of %d%n",
          before, REQUESTS, after, REQUESTS);
      assertThat(after).as("every request reaches the endpoint passing /health").containsExactly(Map.entry("healthy", REQUESTS));
    } finally {
      delete(LEGACY);
    }
    awaitBoth(url);
  }

  /** {@link #REQUESTS} requests; how many each endpoint answered (by body), failures as their status. */
  private static Map<String, Integer> count(String url) {
    Map<String, Integer> out = new TreeMap<>();
    for (int i = 0; i < REQUESTS; i++) out.merge(get(url), 1, Integer::sum);
    return out;
  }

  /** Until a round of requests reaches both endpoints (no policy, or its removal has reached the gateway). */
  private static Map<String, Integer> awaitBoth(String url) {
    List<Map<String, Integer>> last = new ArrayList<>(List.of(Map.of()));
    await(() -> {
      last.set(0, count(url));
      return last.get(0).getOrDefault("healthy", 0) > 0 && last.get(0).getOrDefault("sick", 0) > 0
          && last.get(0).values().stream().mapToInt(Integer::intValue).sum() == REQUESTS;
    }, () -> "both endpoints of " + url + " answer; last round " + last.get(0));
    return last.get(0);
  }

  /** Until a round of requests reaches only the healthy endpoint: the check has marked the other one. */
  private static Map<String, Integer> awaitOnlyHealthy(String url) {
    List<Map<String, Integer>> last = new ArrayList<>(List.of(Map.of()));
    await(() -> {
      last.set(0, count(url));
      return last.get(0).equals(Map.of("healthy", REQUESTS));
    }, () -> "only the healthy endpoint of " + url + " answers; last round " + last.get(0));
    return count(url);
  }

  private static String get(String url) {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "status " + r.statusCode();
    } catch (IOException e) {
      return "error " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Retries {@code done} for up to 30 s. */
  private static void await(BooleanSupplier done, java.util.function.Supplier<String> what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      if (done.getAsBoolean()) return;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("not within 30 s: " + what.get());
  }

  /** Answers every request 200 with {@code name}; {@code /health} with {@code healthStatus}. */
  private static HttpServer server(String name, int healthStatus) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      boolean health = exchange.getRequestURI().getPath().equals("/health");
      byte[] bytes = (health ? "health" : name).getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(health ? healthStatus : 200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    SERVERS.add(server);
    return server;
  }

  private static void inbound(String name, String service, HttpServer server) {
    put("/meshes/default/dataplanes/" + name, """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: %s
                kuma.io/protocol: http
        """.formatted(name, server.getAddress().getPort(), service));
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

  private static void delete(String path) {
    Http.Reply deleted = Http.delete(store.apiUrl() + path);
    assertThat(deleted.status() / 100).as("DELETE " + path + ": " + deleted.body()).isEqualTo(2);
  }
}
