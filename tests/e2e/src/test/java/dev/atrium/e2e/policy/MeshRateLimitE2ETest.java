package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MeshRateLimit on a real builtin gateway: with 1 request per 10 s, {@code onRateLimit} status 428 and
 * header {@code x-rate-limited: yes}, a request with a token left is served (200) and the next one gets
 * 428 with the header; without the policy back-to-back requests are all served. The bucket's state
 * when the policy arrives is unknown (requests before it reached Envoy were unlimited), so the test
 * waits for a refilled bucket — the first 200 after a 428 — and checks the request right after it.
 */
class MeshRateLimitE2ETest {
  private static final String POLICY = "/meshes/default/meshratelimits/edge-1-per-10s";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  static PolicyMesh mesh;
  static String url;

  @BeforeAll
  static void start() {
    mesh = PolicyMesh.withDefaultPolicies(dir);
    mesh.backend("web-1", "web", Backends.answering(200, "ok"));
    url = mesh.builtinGateway("web", """
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: web}}]
        """).url() + "/";
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @Test
  void aRouteOverItsLimitAnswersTheConfiguredStatusAndHeaderUntilThePolicyIsRemoved() {
    awaitStatus(200, "the gateway serves the backend before any policy");
    assertBurstServed("without a policy");

    mesh.put(POLICY, """
        type: MeshRateLimit
        mesh: default
        name: edge-1-per-10s
        spec:
          targetRef:
            kind: MeshGateway
            name: edge
          to:
            - targetRef:
                kind: Mesh
              default:
                local:
                  http:
                    requestRate: {num: 1, interval: 10s}
                    onRateLimit:
                      status: 428
                      headers:
                        set:
                          - {name: x-rate-limited, value: "yes"}
        """);
    try {
      awaitStatus(428, "the MeshRateLimit reaches the gateway");
      long refill = System.nanoTime();
      awaitStatus(200, "the bucket refills after the interval");
      assertThat(Duration.ofNanos(System.nanoTime() - refill)).as("a refill takes up to the 10 s interval")
          .isLessThanOrEqualTo(Duration.ofSeconds(11));
      Reply limited = get();
      assertThat(limited.status()).as("the request right after the one that took the token").isEqualTo(428);
      assertThat(limited.rateLimitedHeader()).contains("yes");
    } finally {
      mesh.delete(POLICY);
    }
    awaitTwoServedInARow();
    assertBurstServed("once the policy is removed");
  }

  private static void assertBurstServed(String when) {
    for (int i = 0; i < 5; i++) {
      Reply r = get();
      assertThat(r.status()).as(when + ", back-to-back request " + (i + 1)).isEqualTo(200);
      assertThat(r.rateLimitedHeader()).isEmpty();
    }
  }

  record Reply(int status, Optional<String> rateLimitedHeader) {}

  private static Reply get() {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers().firstValue("x-rate-limited"));
    } catch (IOException e) {
      return new Reply(-1, Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Retries for up to 30 s until the gateway answers {@code status}. */
  private static void awaitStatus(int status, String what) {
    Await.until(MeshRateLimitE2ETest::get, r -> r.status() == status,
        last -> what + ": " + url + " never answered " + status + ", last " + last.status());
  }

  /** A refilled bucket also serves one request, so the removal shows only as two served back to back. */
  private static void awaitTwoServedInARow() {
    Await.until(() -> get().status() == 200 && get().status() == 200,
        () -> "the gateway still limits requests 30 s after the policy was deleted");
  }
}
