package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.process.Ports;
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
      Timed cut = Timed.get(url);
      System.out.printf("MeshTimeout requestTimeout 1s, %s: %d after %d ms%n", url, cut.status(), cut.elapsed().toMillis());
      assertThat(cut.status()).isEqualTo(504);
      assertThat(cut.elapsed()).as("504 after about the 1 s request timeout")
          .isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
    } finally {
      mesh.delete(POLICY);
    }
    awaitStatus(url, 200, "without the policy the proxy waits for the backend again");
    Timed served = Timed.get(url);
    System.out.printf("policy removed, %s: %d after %d ms%n", url, served.status(), served.elapsed().toMillis());
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.elapsed()).as("the backend's 3 s").isGreaterThanOrEqualTo(BACKEND_DELAY.minusMillis(100));
  }


  /** Retries for up to 30 s until {@code url} answers {@code status} (each try may take the backend's 3 s). */
  private static void awaitStatus(String url, int status, String what) {
    Await.until(() -> Timed.get(url), t -> t.status() == status,
        last -> what + ": " + url + " never answered " + status + ", last " + last.status());
  }
}
