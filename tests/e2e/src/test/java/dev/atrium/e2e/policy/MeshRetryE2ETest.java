package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.process.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MeshRetry on real Envoys in front of a flaky backend that answers 503 to the first two attempts at
 * each path and 200 from the third on, counting attempts per path. Without a policy a builtin
 * gateway's route and a delegated gateway's outbound pass the first 503 on (one attempt); with
 * {@code http.numRetries: 3, retryOn: [5xx]} the client gets 200 after three attempts; once the policy
 * is deleted it is 503 after one again. Every request uses a fresh path, so counts do not mix. One
 * control plane, backend and pair of proxies for the class.
 */
class MeshRetryE2ETest {
  private static final int FAILURES_BEFORE_SUCCESS = 2;
  private static final String POLICY = "/meshes/default/meshretries/retry-5xx";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
  private static final AtomicLong PATHS = new AtomicLong();

  @TempDir static Path dir;
  static PolicyMesh mesh;
  static int gatewayPort;
  static int outboundPort;

  @BeforeAll
  static void start() {
    // A bare mesh: mesh-retry-all-default would retry the first 503 (gateway-error) that the test expects to pass through.
    mesh = PolicyMesh.bare(dir);
    mesh.backend("flaky-1", "flaky", exchange -> {
      int attempt = ATTEMPTS.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
      Backends.reply(exchange, attempt <= FAILURES_BEFORE_SUCCESS ? 503 : 200, "attempt " + attempt);
    });
    gatewayPort = mesh.builtinGateway("flaky", """
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: flaky}}]
        """).port();
    outboundPort = Ports.free();
    mesh.delegatedGateway("kong", Map.of("flaky", outboundPort));
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @Test
  void builtinGatewayRouteRetriesTheFlakyBackendUntilItAnswers200WhileThePolicyExists() {
    retriesUntilTheBackendRecovers("http://127.0.0.1:" + gatewayPort);
  }

  @Test
  void delegatedGatewayOutboundRetriesTheFlakyBackendUntilItAnswers200WhileThePolicyExists() {
    retriesUntilTheBackendRecovers("http://127.0.0.1:" + outboundPort);
  }

  private static void retriesUntilTheBackendRecovers(String base) {
    // Envoy answers 503 itself until the backend's endpoint arrives: wait for one the backend gave.
    await(base, 503, 1, "the proxy passes the flaky backend's first 503 on before any policy");
    Attempted plain = get(base);
    assertThat(plain.status()).as("no retries without a policy").isEqualTo(503);
    assertThat(plain.attempts()).as("attempts the backend saw").isEqualTo(1);
    mesh.put(POLICY, """
        type: MeshRetry
        mesh: default
        name: retry-5xx
        spec:
          targetRef:
            kind: Mesh
          to:
            - targetRef:
                kind: Mesh
              default:
                http:
                  numRetries: 3
                  retryOn: [5xx]
        """);
    try {
      await(base, 200, FAILURES_BEFORE_SUCCESS + 1, "the MeshRetry reaches the proxy");
      Attempted retried = get(base);
      assertThat(retried.status()).as("the third attempt succeeds").isEqualTo(200);
      assertThat(retried.attempts()).as("two 503s retried, then the 200").isEqualTo(FAILURES_BEFORE_SUCCESS + 1);
    } finally {
      mesh.delete(POLICY);
    }
    await(base, 503, 1, "without the policy the proxy stops retrying");
    Attempted again = get(base);
    assertThat(again.status()).isEqualTo(503);
    assertThat(again.attempts()).isEqualTo(1);
  }

  /** A request's status and how many attempts the backend saw for its (fresh) path. */
  record Attempted(int status, int attempts) {}

  private static Attempted get(String base) {
    String path = "/attempts-" + PATHS.incrementAndGet();
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      AtomicInteger seen = ATTEMPTS.get(path);
      return new Attempted(r.statusCode(), seen == null ? 0 : seen.get());
    } catch (IOException e) {
      return new Attempted(-1, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Retries for up to 30 s, each time on a fresh path, until {@code base} answers {@code status} after {@code attempts}. */
  private static void await(String base, int status, int attempts, String what) {
    Await.until(() -> get(base), a -> a.status() == status && a.attempts() == attempts,
        last -> what + ": " + base + " never answered " + status + " after " + attempts + " attempts, last " + last);
  }
}
