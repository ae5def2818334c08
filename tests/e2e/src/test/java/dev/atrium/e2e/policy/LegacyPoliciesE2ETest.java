package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.e2e.Atriumctl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
  static PolicyMesh mesh;
  static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
  static String gateway;

  @BeforeAll
  static void start() {
    // A mesh without Kuma's default policies, as meshes made before Kuma created them are: the default
    // MeshTimeout/MeshRetry/MeshCircuitBreaker would configure the gateway's routes and clusters, and where a
    // Mesh* policy configures an element its legacy form does not (ADR 0017).
    mesh = PolicyMesh.bare(dir);
    mesh.backend("slow-1", "slow", Backends.after(BACKEND_DELAY, 200, "slow"));
    mesh.backend("slow2-1", "slow2", Backends.after(BACKEND_DELAY, 200, "slow2"));
    mesh.backend("fast-1", "fast", Backends.answering(200, "fast"));
    mesh.backend("flaky-1", "flaky", exchange -> {
      // Each path fails its first two attempts: the count shows how many tries the gateway made.
      int attempt = ATTEMPTS.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
      Backends.reply(exchange, attempt <= 2 ? 503 : 200, "attempt " + attempt);
    });
    mesh.backend("busy-1", "busy", Backends.after(Duration.ofSeconds(1), 200, "busy"));
    gateway = mesh.builtinGateway("edge", """
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
        """).url();
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
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
    Atriumctl.Result applied = Atriumctl.run(mesh.apiUrl(), "apply", "-f", file.toString());
    System.out.println("atriumctl apply: " + applied.stdout().trim() + " | stderr: " + applied.stderr().trim());
    assertThat(applied.exitCode()).as(applied.stderr()).isZero();
    assertThat(applied.stderr()).contains("Timeout is deprecated; use MeshTimeout");
    Atriumctl.Result listed = Atriumctl.run(mesh.apiUrl(), "get", "timeouts");
    assertThat(listed.stdout()).contains("edge-to-slow");
    assertThat(listed.stderr()).contains("Timeout is deprecated; use MeshTimeout");
    try {
      awaitStatus("/slow", 504, "the Timeout reaches the gateway");
      Timed cut = get("/slow");
      System.out.printf("legacy Timeout requestTimeout 1s, 3 s backend: %d after %d ms%n", cut.status(), cut.elapsed().toMillis());
      assertThat(cut.status()).isEqualTo(504);
      assertThat(cut.elapsed()).isBetween(Duration.ofMillis(900), Duration.ofMillis(2000));
    } finally {
      mesh.delete("/meshes/default/timeouts/edge-to-slow");
    }
    awaitStatus("/slow", 200, "without the Timeout the gateway waits for the backend again");
  }

  @Test
  void aSplitRouteTakesTheTimeoutWhoseDestinationIsAWildcard() {
    awaitStatus("/split", 200, "the gateway serves the split route before any policy");
    // Older and more specific for slow, but the route reaches two services: the * one must win.
    mesh.put("/meshes/default/timeouts/slow-1s", """
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
    mesh.put("/meshes/default/timeouts/everything-2s", """
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
      mesh.delete("/meshes/default/timeouts/slow-1s");
      mesh.delete("/meshes/default/timeouts/everything-2s");
    }
  }

  @Test
  void aRateLimitAnswersTheSecondRequestWithTooManyRequests() {
    awaitStatus("/", 200, "the gateway serves the fast backend before any policy");
    mesh.put("/meshes/default/rate-limits/one-per-3s", """
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
      Await.sleep(Duration.ofMillis(3500)); // a full bucket again
      Timed first = get("/");
      Timed second = get("/");
      System.out.printf("legacy RateLimit 1 per 3s: first %d, second %d%n", first.status(), second.status());
      assertThat(first.status()).isEqualTo(200);
      assertThat(second.status()).isEqualTo(429);
      assertThat(get("/slow").status()).as("the slow route's backend is not limited").isNotEqualTo(429);
    } finally {
      mesh.delete("/meshes/default/rate-limits/one-per-3s");
    }
    awaitStatus("/", 200, "without the RateLimit");
  }

  @Test
  void aFaultInjectionAbortAnswersItsStatus() {
    awaitStatus("/", 200, "the gateway serves the fast backend before any policy");
    mesh.put("/meshes/default/fault-injections/abort-418", """
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
      mesh.delete("/meshes/default/fault-injections/abort-418");
    }
    awaitStatus("/", 200, "without the FaultInjection");
  }

  @Test
  void aRetryRetriesTheFailingAttempts() {
    awaitStatus("/", 200, "the gateway is up");
    assertThat(attempt().status()).as("without a policy the first 503 is the answer").isEqualTo(503);
    mesh.put("/meshes/default/retries/flaky-retry", """
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
        Await.sleep(Duration.ofMillis(200));
        retried = attempt();
      }
      System.out.printf("legacy Retry numRetries 3 at the gateway: %s%n", retried);
      assertThat(retried).as("two 503s retried (gateway-error), the third attempt answers").isEqualTo(new Attempt(200, 3));
    } finally {
      mesh.delete("/meshes/default/retries/flaky-retry");
    }
  }

  @Test
  void aCircuitBreakerRefusesWhatExceedsItsThresholds() {
    awaitStatus("/", 200, "the gateway is up");
    assertThat(parallel("/busy", 20)).as("without a policy every parallel request is served").allMatch(r -> r.status() == 200);
    mesh.put("/meshes/default/circuit-breakers/busy-breaker", """
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
      mesh.delete("/meshes/default/circuit-breakers/busy-breaker");
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


  private static Timed get(String path) {
    return Timed.get(gateway + path);
  }

  /** Retries for up to 30 s until {@code path} answers {@code status}. */
  private static void awaitStatus(String path, int status, String what) {
    Await.until(() -> get(path), t -> t.status() == status,
        last -> what + ": " + path + " never answered " + status + ", last " + last.status());
  }
}
