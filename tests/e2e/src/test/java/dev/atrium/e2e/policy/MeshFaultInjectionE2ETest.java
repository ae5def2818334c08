package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MeshFaultInjection on a real builtin gateway in front of a backend that answers at once: an abort
 * (421 for every request, policy on the MeshGateway) answers 421 without reaching the backend; a delay
 * (2 s for every request, policy on Mesh with proxyTypes Gateway) makes the 200 come after 2 s; once a
 * policy is deleted the gateway answers 200 quickly again. One control plane, backend and gateway for
 * the class.
 */
class MeshFaultInjectionE2ETest {
  private static final Duration QUICK = Duration.ofMillis(1000);
  private static final Duration DELAY = Duration.ofSeconds(2);
  /**
   * Envoy's timers may fire a few hundred microseconds before the client's clock says 2 s (seen: 1.99996 s and
   * 1.998 s); an answer without the delay takes milliseconds, so a 50 ms margin still tells the two apart.
   */
  private static final Duration DELAYED = DELAY.minusMillis(50);

  @TempDir static Path dir;
  static PolicyMesh mesh;
  static String url;

  @BeforeAll
  static void start() {
    mesh = PolicyMesh.withDefaultPolicies(dir);
    mesh.backend("backend-1", "backend", Backends.answering(200, "ok"));
    url = mesh.builtinGateway("backend", """
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: backend}}]
        """).url() + "/";
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @Test
  void anAbortOnTheMeshGatewayAnswersItsStatusUntilThePolicyIsRemoved() {
    awaitQuick200("the gateway serves the backend before any policy");
    String policy = "/meshes/default/meshfaultinjections/abort-421";
    mesh.put(policy, """
        type: MeshFaultInjection
        mesh: default
        name: abort-421
        spec:
          targetRef:
            kind: MeshGateway
            name: edge
          to:
            - targetRef:
                kind: Mesh
              default:
                http:
                  - abort:
                      httpStatus: 421
                      percentage: 100
        """);
    try {
      Timed aborted = await(t -> t.status() == 421, "the abort reaches the gateway");
      System.out.println("MeshFaultInjection abort: status " + aborted.status() + " after " + aborted.elapsed().toMillis() + " ms");
      assertThat(get().status()).as("every request aborted at 100 %").isEqualTo(421);
    } finally {
      mesh.delete(policy);
    }
    awaitQuick200("without the policy the gateway forwards again");
  }

  @Test
  void aDelayForGatewaysAnswersAfterTheDelayUntilThePolicyIsRemoved() {
    awaitQuick200("the gateway answers quickly before any policy");
    String policy = "/meshes/default/meshfaultinjections/delay-2s";
    mesh.put(policy, """
        type: MeshFaultInjection
        mesh: default
        name: delay-2s
        spec:
          targetRef:
            kind: Mesh
            proxyTypes: [Gateway]
          to:
            - targetRef:
                kind: Mesh
              default:
                http:
                  - delay:
                      value: 2s
                      percentage: 100
        """);
    try {
      await(t -> t.status() == 200 && t.elapsed().compareTo(DELAYED) >= 0, "the delay reaches the gateway");
      Timed delayed = get();
      System.out.println("MeshFaultInjection delay 2s: status " + delayed.status() + " after " + delayed.elapsed().toMillis() + " ms");
      assertThat(delayed.status()).isEqualTo(200);
      assertThat(delayed.elapsed()).as("answered after the 2 s delay").isGreaterThanOrEqualTo(DELAYED);
    } finally {
      mesh.delete(policy);
    }
    Timed quick = awaitQuick200("without the policy the gateway answers quickly again");
    System.out.println("MeshFaultInjection none: status " + quick.status() + " after " + quick.elapsed().toMillis() + " ms");
  }

  private static Timed awaitQuick200(String what) {
    Timed t = await(r -> r.status() == 200 && r.elapsed().compareTo(QUICK) < 0, what);
    assertThat(t.elapsed()).as("200 without delay").isLessThan(QUICK);
    return t;
  }


  private static Timed get() {
    return Timed.get(url);
  }

  /** Retries for up to 30 s until a reply satisfies {@code ok}; returns that reply. */
  private static Timed await(Predicate<Timed> ok, String what) {
    return Await.until(MeshFaultInjectionE2ETest::get, ok,
        last -> what + ": " + url + " never did, last " + last.status() + " after " + last.elapsed().toMillis() + " ms");
  }
}
