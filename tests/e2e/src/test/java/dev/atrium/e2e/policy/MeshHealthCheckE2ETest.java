package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  static PolicyMesh mesh;
  static int gatewayPort;

  @BeforeAll
  static void start() {
    mesh = PolicyMesh.withDefaultPolicies(dir);
    mesh.backend("checked-healthy", "checked", Backends.named("healthy", 200));
    mesh.backend("checked-sick", "checked", Backends.named("sick", 503));
    mesh.backend("legacy-healthy", "legacy", Backends.named("healthy", 200));
    mesh.backend("legacy-sick", "legacy", Backends.named("sick", 503));
    gatewayPort = mesh.builtinGateway("default", "edge", "{port: edge-http}", """
        - matches: [{path: {match: PREFIX, value: /legacy}}]
          backends: [{destination: {kuma.io/service: legacy}}]
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: checked}}]
        """).port();
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @Test
  void meshHealthCheckMovesAllTrafficToTheEndpointPassingTheHttpCheck() {
    String url = "http://127.0.0.1:" + gatewayPort + "/";
    Map<String, Integer> before = awaitBoth(url);
    mesh.put(MHC, """
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
      mesh.delete(MHC);
    }
    awaitBoth(url);
  }

  @Test
  void legacyHealthCheckFromTheListenersTagsDoesTheSame() {
    String url = "http://127.0.0.1:" + gatewayPort + "/legacy";
    Map<String, Integer> before = awaitBoth(url);
    mesh.put(LEGACY, """
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
      mesh.delete(LEGACY);
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
    Await.until(() -> {
      last.set(0, count(url));
      return last.get(0).getOrDefault("healthy", 0) > 0 && last.get(0).getOrDefault("sick", 0) > 0
          && last.get(0).values().stream().mapToInt(Integer::intValue).sum() == REQUESTS;
    }, () -> "both endpoints of " + url + " answer; last round " + last.get(0));
    return last.get(0);
  }

  /** Until a round of requests reaches only the healthy endpoint: the check has marked the other one. */
  private static Map<String, Integer> awaitOnlyHealthy(String url) {
    List<Map<String, Integer>> last = new ArrayList<>(List.of(Map.of()));
    Await.until(() -> {
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
}
