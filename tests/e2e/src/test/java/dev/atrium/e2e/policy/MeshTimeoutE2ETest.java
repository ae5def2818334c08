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
  static PolicyMesh mesh;
  static int gatewayPort;
  static int outboundPort;

  @BeforeAll
  static void start() {
    // A bare mesh: the default mesh-timeout-all-default would win over the test's policy (same targetRef, lower name) and give routes 15 s.
    mesh = PolicyMesh.bare(dir);
    mesh.backend("slow-1", "slow", Backends.after(BACKEND_DELAY, 200, "slow"));
    gatewayPort = mesh.builtinGateway("slow", """
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: slow}}]
        """).port();
    outboundPort = Ports.free();
    mesh.delegatedGateway("kong", Map.of("slow", outboundPort));
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
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
    mesh.put(POLICY, """
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
      mesh.delete(POLICY);
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
    Await.until(() -> get(url), t -> t.status() == status,
        last -> what + ": " + url + " never answered " + status + ", last " + last.status());
  }
}
