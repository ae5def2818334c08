package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
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
  static StoreProcess store;
  static XdsServerProcess xds;
  static final List<HttpServer> SERVERS = new ArrayList<>();
  static String url;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    for (String name : ENDPOINTS) inbound(name, server(name));
    int gatewayPort = Ports.free();
    url = "http://127.0.0.1:" + gatewayPort + "/";
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
        """.formatted(gatewayPort));
    put("/meshes/default/meshgatewayroutes/edge", """
        type: MeshGatewayRoute
        mesh: default
        name: edge
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: echo}}]
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
    // All three endpoints known to the gateway before anything is measured.
    await(() -> IntStream.range(0, 9).mapToObj(i -> get("probe")).distinct().count() == ENDPOINTS.size(),
        "the gateway reaches all three endpoints of echo");
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) STARTED.get(i).close();
    STARTED.clear();
    SERVERS.forEach(s -> s.stop(0));
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @Test
  void withoutAPolicyRoundRobinSpreadsOneUserOverTheEndpoints() {
    Map<String, Integer> hits = hits("alice");
    System.out.printf("MeshLoadBalancingStrategy none (round robin): %d requests with x-user alice → %s%n", REQUESTS, hits);
    assertThat(hits).as("round robin sends the same user to every endpoint").hasSize(ENDPOINTS.size());
  }

  @Test
  void ringHashOnXUserSendsEachUserToOneEndpoint() {
    put(POLICY, """
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
      await(() -> hits("probe").size() == 1, "the RingHash policy reaches the gateway");
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
      delete(POLICY);
    }
    await(() -> hits("alice").size() > 1, "without the policy round robin spreads alice again");
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

  /** Retries {@code done} for up to 30 s. */
  private static void await(BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      if (done.getAsBoolean()) return;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("not within 30 s: " + what);
  }

  /** An endpoint answering every request with 200 and its own name. */
  private static HttpServer server(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", exchange -> {
      byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    SERVERS.add(server);
    return server;
  }

  private static void inbound(String name, HttpServer server) {
    put("/meshes/default/dataplanes/" + name, """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: echo
                kuma.io/protocol: http
        """.formatted(name, server.getAddress().getPort()));
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
