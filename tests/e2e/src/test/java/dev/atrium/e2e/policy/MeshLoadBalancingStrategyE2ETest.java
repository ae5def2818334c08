package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MeshLoadBalancingStrategy on a real builtin gateway (which Kuma leaves alone, kumahq/kuma#13869): a
 * route to a service with three endpoints, each answering with its own name. Without a policy Envoy's
 * round robin spreads one user's requests over the endpoints; with RingHash hashing on the
 * {@code x-user} header every request of a user lands on one endpoint, while different users still
 * use more than one. One control plane, gateway and set of endpoints for the class.
 */
class MeshLoadBalancingStrategyE2ETest {
  private static final int REQUESTS = 20;
  private static final int USERS = 12;
  private static final String POLICY = "/meshes/default/meshloadbalancingstrategies/ring-hash-by-user";
  private static final List<String> ENDPOINTS = List.of("echo-1", "echo-2", "echo-3");
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  static PolicyMesh mesh;
  static String url;

  @BeforeAll
  static void start() {
    mesh = PolicyMesh.withDefaultPolicies(dir);
    for (String name : ENDPOINTS) mesh.backend(name, "echo", Backends.answering(200, name));
    url = mesh.builtinGateway("edge", """
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: echo}}]
        """).url() + "/";
    // All three endpoints known to the gateway before anything is measured.
    Await.until(() -> IntStream.range(0, 9).mapToObj(i -> get("probe")).distinct().count() == ENDPOINTS.size(),
        () -> "the gateway reaches all three endpoints of echo");
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @Test
  void withoutAPolicyRoundRobinSpreadsOneUserOverTheEndpoints() {
    Map<String, Integer> hits = hits("alice");
    System.out.printf("MeshLoadBalancingStrategy none (round robin): %d requests with x-user alice → %s%n", REQUESTS, hits);
    assertThat(hits).as("round robin sends the same user to every endpoint").hasSize(ENDPOINTS.size());
  }

  @Test
  void ringHashOnXUserSendsEachUserToOneEndpoint() {
    mesh.put(POLICY, """
        type: MeshLoadBalancingStrategy
        mesh: default
        name: ring-hash-by-user
        spec:
          targetRef:
            kind: MeshGateway
            name: edge
          to:
            - targetRef:
                kind: Mesh
              default:
                loadBalancer:
                  type: RingHash
                  ringHash:
                    hashPolicies:
                      - type: Header
                        header:
                          name: x-user
        """);
    try {
      // The policy has arrived once a probe user sticks to one endpoint for a whole run.
      Await.until(() -> hits("probe").size() == 1, () -> "the RingHash policy reaches the gateway");
      Map<String, Integer> alice = hits("alice");
      System.out.printf("MeshLoadBalancingStrategy RingHash on x-user: %d requests with x-user alice → %s%n",
          REQUESTS, alice);
      assertThat(alice).as("every request of one user lands on the same endpoint").hasSize(1);

      Map<String, String> endpointOfUser = new LinkedHashMap<>();
      for (int u = 0; u < USERS; u++) {
        String user = "user-" + u;
        Map<String, Integer> userHits = hits(user);
        assertThat(userHits).as("%s sticks to one endpoint: %s", user, userHits).hasSize(1);
        endpointOfUser.put(user, userHits.keySet().iterator().next());
      }
      Map<String, Integer> usersPerEndpoint = new TreeMap<>();
      endpointOfUser.values().forEach(e -> usersPerEndpoint.merge(e, 1, Integer::sum));
      System.out.printf("MeshLoadBalancingStrategy RingHash on x-user: %d users × %d requests, each user on one endpoint;"
          + " users per endpoint %s%n", USERS, REQUESTS, usersPerEndpoint);
      assertThat(usersPerEndpoint).as("different users are spread over more than one endpoint").hasSizeGreaterThan(1);
    } finally {
      mesh.delete(POLICY);
    }
    Await.until(() -> hits("alice").size() > 1, () -> "without the policy round robin spreads alice again");
  }

  /** {@link #REQUESTS} requests with {@code x-user: user}: how many each endpoint answered. */
  private static Map<String, Integer> hits(String user) {
    Map<String, Integer> out = new TreeMap<>();
    for (int i = 0; i < REQUESTS; i++) out.merge(get(user), 1, Integer::sum);
    return out;
  }

  /** The name of the endpoint that answered, or what went wrong. */
  private static String get(String user) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("x-user", user)
        .timeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "status " + r.statusCode();
    } catch (IOException e) {
      return "error " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
