package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.atrium.e2e.Atriumctl;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kuma's legacy connection policies on a real builtin gateway (one Envoy, one control plane, three
 * backends for the class): a Timeout cuts a 3 s backend short, a RateLimit answers the second request
 * 429, a FaultInjection aborts with its status, and of two Timeouts matching a route split over two
 * services the one whose destination is {@code *} applies (the seeds' rule). Each test removes its
 * policies again.
 */
class LegacyPoliciesE2ETest {
  private static final Duration BACKEND_DELAY = Duration.ofSeconds(3);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  static final List<HttpServer> BACKENDS = new ArrayList<>();
  static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
  static String gateway;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    // A mesh without Kuma's default policies, as meshes made before Kuma created them are: the default
    // MeshTimeout/MeshRetry/MeshCircuitBreaker would configure the gateway's routes and clusters, and where a
    // Mesh* policy configures an element its legacy form does not (ADR 0017).
    store = StoreProcess.embedded(dir.resolve("store")).withEnv("ATRIUM_STORE_CREATE_DEFAULT_MESH", "false").start();
    put("/meshes/default", "type: Mesh\nname: default\nskipCreatingInitialPolicies: ['*']\n");
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    backend("slow", BACKEND_DELAY);
    backend("slow2", BACKEND_DELAY);
    backend("fast", Duration.ZERO);
    backend("flaky", exchange -> {
      // Each path fails its first two attempts: the count shows how many tries the gateway made.
      int attempt = ATTEMPTS.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
      reply(exchange, attempt <= 2 ? 503 : 200, "attempt " + attempt);
    });
    backend("busy", exchange -> {
      sleep(Duration.ofSeconds(1));
      reply(exchange, 200, "busy");
    });
    int port = Ports.free();
    gateway = "http://127.0.0.1:" + port;
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
        """.formatted(port));
    put("/meshes/default/meshgatewayroutes/edge", """
        type: MeshGatewayRoute
        mesh: default
        name: edge
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /slow}}]
                backends: [{destination: {kuma.io/service: slow}}]
              - matches: [{path: {match: PREFIX, value: /split}}]
                backends:
                  - {destination: {kuma.io/service: slow}, weight: 50}
                  - {destination: {kuma.io/service: slow2}, weight: 50}
              - matches: [{path: {match: PREFIX, value: /flaky}}]
                backends: [{destination: {kuma.io/service: flaky}}]
              - matches: [{path: {match: PREFIX, value: /busy}}]
                backends: [{destination: {kuma.io/service: busy}}]
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: fast}}]
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
    BACKENDS.forEach(b -> b.stop(0));
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @Test
  void aTimeoutAppliedWithAtriumctlCutsTheSlowBackendShortWithAWarning() throws IOException {
    awaitStatus("/slow", 200, "the gateway serves the slow backend before any policy");
    Path file = dir.resolve("timeout.yaml");
    Files.writeString(file, """
        type: Timeout
        mesh: default
        name: edge-to-slow
        sources:
          - match: {kuma.io/service: edge}
        destinations:
          - match: {kuma.io/service: slow}
        conf:
          connectTimeout: 5s
          http:
            requestTimeout: 1s
        """);
    Atriumctl.Result applied = Atriumctl.run(store.apiUrl(), "apply", "-f", file.toString());
    System.out.println("atriumctl apply: " + applied.stdout().trim() + " | stderr: " + applied.stderr().trim());
    assertThat(applied.exitCode()).as(applied.stderr()).isZero();
    assertThat(applied.stderr()).contains("Timeout is deprecated; use MeshTimeout");
    Atriumctl.Result listed = Atriumctl.run(store.apiUrl(), "get", "timeouts");
    assertThat(listed.stdout()).contains("edge-to-slow");
    assertThat(listed.stderr()).contains("Timeout is deprecated; use MeshTimeout");
    try {
      awaitStatus("/slow", 504, "the Timeout reaches the gateway");
      Timed cut = get("/slow");
      System.out.printf("legacy Timeout requestTimeout 1s, 3 s backend: %d after %d ms%n", cut.status(), cut.elapsed().toMillis());
      assertThat(cut.status()).isEqualTo(504);
      assertThat(cut.elapsed()).isBetween(Duration.ofMillis(900), Duration.ofMillis(2000));
    } finally {
      delete("/meshes/default/timeouts/edge-to-slow");
    }
    awaitStatus("/slow", 200, "without the Timeout the gateway waits for the backend again");
  }

  @Test
  void aSplitRouteTakesTheTimeoutWhoseDestinationIsAWildcard() {
    awaitStatus("/split", 200, "the gateway serves the split route before any policy");
    // Older and more specific for slow, but the route reaches two services: the * one must win.
    put("/meshes/default/timeouts/slow-1s", """
        type: Timeout
        mesh: default
        name: slow-1s
        sources:
          - match: {kuma.io/service: edge}
        destinations:
          - match: {kuma.io/service: slow}
        conf:
          http:
            requestTimeout: 1s
        """);
    put("/meshes/default/timeouts/everything-2s", """
        type: Timeout
        mesh: default
        name: everything-2s
        sources:
          - match: {kuma.io/service: "*"}
        destinations:
          - match: {kuma.io/service: "*"}
        conf:
          http:
            requestTimeout: 2s
        """);
    try {
      awaitStatus("/slow", 504, "the Timeouts reach the gateway");
      Timed single = get("/slow");
      List<Long> split = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Timed t = get("/split");
        assertThat(t.status()).as("split request %d", i).isEqualTo(504);
        split.add(t.elapsed().toMillis());
      }
      System.out.printf("route to slow only (its own Timeout, 1s): %d after %d ms; split over slow+slow2"
          + " (the * Timeout, 2s), N=4: %s ms%n", single.status(), single.elapsed().toMillis(), split);
      assertThat(single.status()).isEqualTo(504);
      assertThat(single.elapsed()).as("one service: its specific Timeout").isBetween(Duration.ofMillis(900), Duration.ofMillis(1700));
      assertThat(split).as("two services: the * Timeout's 2 s, never the specific 1 s").allMatch(ms -> ms >= 1900 && ms < 2900);
    } finally {
      delete("/meshes/default/timeouts/slow-1s");
      delete("/meshes/default/timeouts/everything-2s");
    }
  }

  @Test
  void aRateLimitAnswersTheSecondRequestWithTooManyRequests() {
    awaitStatus("/", 200, "the gateway serves the fast backend before any policy");
    put("/meshes/default/rate-limits/one-per-3s", """
        type: RateLimit
        mesh: default
        name: one-per-3s
        sources:
          - match: {kuma.io/service: edge}
        destinations:
          - match: {kuma.io/service: fast}
        conf:
          http:
            requests: 1
            interval: 3s
        """);
    try {
      awaitStatus("/", 429, "the RateLimit reaches the gateway");
      sleep(Duration.ofMillis(3500)); // a full bucket again
      Timed first = get("/");
      Timed second = get("/");
      System.out.printf("legacy RateLimit 1 per 3s: first %d, second %d%n", first.status(), second.status());
      assertThat(first.status()).isEqualTo(200);
      assertThat(second.status()).isEqualTo(429);
      assertThat(get("/slow").status()).as("the slow route's backend is not limited").isNotEqualTo(429);
    } finally {
      delete("/meshes/default/rate-limits/one-per-3s");
    }
    awaitStatus("/", 200, "without the RateLimit");
  }

  @Test
  void aFaultInjectionAbortAnswersItsStatus() {
    awaitStatus("/", 200, "the gateway serves the fast backend before any policy");
    put("/meshes/default/fault-injections/abort-418", """
        type: FaultInjection
        mesh: default
        name: abort-418
        sources:
          - match: {kuma.io/service: "*"}
        destinations:
          - match: {kuma.io/service: "*", kuma.io/protocol: http}
        conf:
          abort:
            httpStatus: 418
            percentage: 100
        """);
    try {
      awaitStatus("/", 418, "the FaultInjection reaches the gateway");
      int aborted = 0;
      for (int i = 0; i < 5; i++) if (get("/").status() == 418) aborted++;
      System.out.printf("legacy FaultInjection abort 418 at 100%%: %d of 5 answered 418%n", aborted);
      assertThat(aborted).isEqualTo(5);
    } finally {
      delete("/meshes/default/fault-injections/abort-418");
    }
    awaitStatus("/", 200, "without the FaultInjection");
  }

  @Test
  void aRetryRetriesTheFailingAttempts() {
    awaitStatus("/", 200, "the gateway is up");
    assertThat(attempt().status()).as("without a policy the first 503 is the answer").isEqualTo(503);
    put("/meshes/default/retries/flaky-retry", """
        type: Retry
        mesh: default
        name: flaky-retry
        sources:
          - match: {kuma.io/service: edge}
        destinations:
          - match: {kuma.io/service: flaky}
        conf:
          http:
            numRetries: 3
        """);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Attempt retried = attempt();
      while (retried.status() != 200 && System.nanoTime() < deadline) {
        sleep(Duration.ofMillis(200));
        retried = attempt();
      }
      System.out.printf("legacy Retry numRetries 3 at the gateway: %s%n", retried);
      assertThat(retried).as("two 503s retried (gateway-error), the third attempt answers").isEqualTo(new Attempt(200, 3));
    } finally {
      delete("/meshes/default/retries/flaky-retry");
    }
  }

  @Test
  void aCircuitBreakerRefusesWhatExceedsItsThresholds() {
    awaitStatus("/", 200, "the gateway is up");
    assertThat(parallel("/busy", 20)).as("without a policy every parallel request is served").allMatch(r -> r.status() == 200);
    put("/meshes/default/circuit-breakers/busy-breaker", """
        type: CircuitBreaker
        mesh: default
        name: busy-breaker
        sources:
          - match: {kuma.io/service: edge}
        destinations:
          - match: {kuma.io/service: busy}
        conf:
          thresholds:
            maxConnections: 1
            maxPendingRequests: 1
            maxRequests: 1
        """);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<Overload> replies = parallel("/busy", 20);
      while (replies.stream().noneMatch(Overload::overloaded) && System.nanoTime() < deadline) replies = parallel("/busy", 20);
      long overloaded = replies.stream().filter(r -> r.status() == 503 && r.overloaded()).count();
      long served = replies.stream().filter(r -> r.status() == 200).count();
      System.out.printf("legacy CircuitBreaker thresholds 1/1/1 at the gateway: %d of 20 parallel 503 x-envoy-overloaded, %d served%n",
          overloaded, served);
      assertThat(overloaded).as("503 with x-envoy-overloaded").isGreaterThanOrEqualTo(1);
      assertThat(served).as("what the thresholds allow is served").isGreaterThanOrEqualTo(1);
      assertThat(overloaded + served).as("no other answers").isEqualTo(20);
    } finally {
      delete("/meshes/default/circuit-breakers/busy-breaker");
    }
  }

  record Attempt(int status, int attempts) {}

  /** One request to a fresh path of flaky: its status and how many attempts the backend saw. */
  private static Attempt attempt() {
    String path = "/flaky/" + System.nanoTime();
    int status = get(path).status();
    AtomicInteger seen = ATTEMPTS.get(path);
    return new Attempt(status, seen == null ? 0 : seen.get());
  }

  record Overload(int status, boolean overloaded) {}

  private static List<Overload> parallel(String path, int n) {
    List<CompletableFuture<Overload>> sent = IntStream.range(0, n).mapToObj(i -> CLIENT.sendAsync(
            HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding())
        .thenApply(r -> new Overload(r.statusCode(), r.headers().firstValue("x-envoy-overloaded").isPresent()))
        .exceptionally(e -> new Overload(-1, false))).toList();
    return sent.stream().map(CompletableFuture::join).toList();
  }

  record Timed(int status, Duration elapsed) {}

  private static Timed get(String path) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Timed(r.statusCode(), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      return new Timed(-1, Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Retries for up to 30 s until {@code path} answers {@code status}. */
  private static void awaitStatus(String path, int status, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Timed last;
    do {
      last = get(path);
      if (last.status() == status) return;
      sleep(Duration.ofMillis(200));
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + ": " + path + " never answered " + status + ", last " + last.status());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void backend(String service, Duration delay) throws IOException {
    backend(service, exchange -> {
      if (!delay.isZero()) sleep(delay);
      reply(exchange, 200, service);
    });
  }

  private static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private static void backend(String service, HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", handler);
    server.start();
    BACKENDS.add(server);
    put("/meshes/default/dataplanes/" + service + "-1", """
        type: Dataplane
        mesh: default
        name: %s-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: %s
                kuma.io/protocol: http
        """.formatted(service, server.getAddress().getPort(), service));
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
