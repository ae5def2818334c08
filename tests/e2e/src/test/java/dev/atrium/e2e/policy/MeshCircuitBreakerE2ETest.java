package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MeshCircuitBreaker on a real builtin gateway. Connection limits: 20 parallel requests to a backend
 * that answers after 1 s all get 200 without a policy; with one connection, one pending and one active
 * request allowed, Envoy answers the overflow at once with 503 and {@code x-envoy-overloaded: true}.
 * Outlier detection: of two endpoints one always answers 500; with one consecutive 5xx ejecting a host,
 * later requests all reach the healthy one. One control plane and gateway for the class.
 */
class MeshCircuitBreakerE2ETest {
  private static final Duration SLOW_DELAY = Duration.ofSeconds(1);
  private static final int PARALLEL = 20;
  private static final String LIMITS = "/meshes/default/meshcircuitbreakers/one-connection";
  private static final String OUTLIERS = "/meshes/default/meshcircuitbreakers/eject-on-5xx";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).executor(Executors.newCachedThreadPool()).build();

  @TempDir static Path dir;
  static PolicyMesh mesh;
  static int gatewayPort;

  @BeforeAll
  static void start() {
    // A bare mesh: mesh-circuit-breaker-all-default (1024 each) would win over one-connection (same targetRef, lower name).
    mesh = PolicyMesh.bare(dir);
    mesh.backend("slow-1", "slow", Backends.after(SLOW_DELAY, 200, "slow"));
    mesh.backend("flaky-good", "flaky", Backends.answering(200, "good"));
    mesh.backend("flaky-bad", "flaky", Backends.answering(500, "bad"));
    gatewayPort = mesh.builtinGateway("edge", """
        - matches: [{path: {match: PREFIX, value: /flaky}}]
          backends: [{destination: {kuma.io/service: flaky}}]
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: slow}}]
        """).port();
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @Test
  void connectionLimitsAnswerTheOverflow503OverloadedUntilThePolicyIsRemoved() {
    String url = "http://127.0.0.1:" + gatewayPort + "/";
    awaitStatus(url, 200, "the gateway serves the slow backend before any policy");
    assertThat(burst(url)).as("without a policy all %d parallel requests are served", PARALLEL)
        .allMatch(r -> r.status() == 200);
    mesh.put(LIMITS, """
        type: MeshCircuitBreaker
        mesh: default
        name: one-connection
        spec:
          targetRef:
            kind: MeshGateway
            name: edge
          to:
            - targetRef:
                kind: MeshService
                name: slow
              default:
                connectionLimits:
                  maxConnections: 1
                  maxPendingRequests: 1
                  maxRequests: 1
        """);
    try {
      awaitOverload(url);
      List<Reply> replies = burst(url);
      long overloaded = replies.stream().filter(r -> r.status() == 503 && r.overloaded()).count();
      long served = replies.stream().filter(r -> r.status() == 200).count();
      System.out.printf("MeshCircuitBreaker connectionLimits 1/1/1: %d of %d parallel requests 503 overloaded, %d served%n",
          overloaded, PARALLEL, served);
      assertThat(overloaded).as("503 with x-envoy-overloaded: true").isGreaterThanOrEqualTo(1);
      assertThat(served).as("the one allowed request still reaches the backend").isGreaterThanOrEqualTo(1);
      assertThat(overloaded + served).as("no other answers").isEqualTo(PARALLEL);
    } finally {
      mesh.delete(LIMITS);
    }
    awaitBurst(url, "without the policy all parallel requests are served again");
  }

  @Test
  void outlierDetectionEjectsTheEndpointAnswering5xx() {
    String url = "http://127.0.0.1:" + gatewayPort + "/flaky";
    awaitStatus(url, 200, "the gateway serves the flaky service before any policy");
    List<Reply> before = IntStream.range(0, 10).mapToObj(i -> get(url)).toList();
    assertThat(before).as("without a policy the failing endpoint keeps getting requests").anyMatch(r -> r.status() == 500);
    mesh.put(OUTLIERS, """
        type: MeshCircuitBreaker
        mesh: default
        name: eject-on-5xx
        spec:
          targetRef:
            kind: Mesh
          to:
            - targetRef:
                kind: MeshService
                name: flaky
              default:
                outlierDetection:
                  baseEjectionTime: 5m
                  maxEjectionPercent: 50
                  healthyPanicThreshold: 0
                  detectors:
                    totalFailures:
                      consecutive: 1
        """);
    try {
      awaitConsecutiveOk(url, 10);
      List<Reply> after = IntStream.range(0, 20).mapToObj(i -> get(url)).toList();
      assertThat(after).as("the ejected endpoint gets no more requests")
          .allMatch(r -> r.status() == 200 && r.body().equals("good"));
    } finally {
      mesh.delete(OUTLIERS);
    }
  }

  record Reply(int status, boolean overloaded, String body) {}

  private static Reply get(String url) {
    return send(url).join();
  }

  private static CompletableFuture<Reply> send(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Reply(r.statusCode(),
            r.headers().firstValue("x-envoy-overloaded").map("true"::equals).orElse(false), r.body()))
        .exceptionally(e -> new Reply(-1, false, String.valueOf(e)));
  }

  /** {@link #PARALLEL} requests sent at once, their replies in sending order. */
  private static List<Reply> burst(String url) {
    List<CompletableFuture<Reply>> futures = IntStream.range(0, PARALLEL).mapToObj(i -> send(url)).toList();
    return futures.stream().map(CompletableFuture::join).toList();
  }

  /** Bursts until one is partly refused as overloaded: the policy has reached the gateway. */
  private static void awaitOverload(String url) {
    Await.until(() -> burst(url).stream().anyMatch(Reply::overloaded), () -> "the MeshCircuitBreaker reaches the gateway: " + url);
  }

  private static void awaitBurst(String url, String what) {
    Await.until(() -> burst(url).stream().allMatch(r -> r.status() == 200), () -> what + ": " + url);
  }

  /** Until {@code n} requests in a row answer 200: the failing endpoint has been ejected. */
  private static void awaitConsecutiveOk(String url, int n) {
    Await.until(() -> IntStream.range(0, n).allMatch(i -> get(url).status() == 200),
        () -> "the failing endpoint is ejected: " + url);
  }

  private static void awaitStatus(String url, int status, String what) {
    Await.until(() -> get(url).status() == status, () -> what + ": " + url + " answers " + status);
  }
}
