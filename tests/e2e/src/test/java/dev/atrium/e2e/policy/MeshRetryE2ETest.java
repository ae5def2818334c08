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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
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
  static StoreProcess store;
  static XdsServerProcess xds;
  static HttpServer flakyBackend;
  static int gatewayPort;
  static int outboundPort;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    // A bare mesh (skipCreatingInitialPolicies: ['*']): mesh-retry-all-default would retry the first 503 (gateway-error) that the test expects to pass through.
    store = StoreProcess.embedded(dir.resolve("store")).withEnv("ATRIUM_STORE_CREATE_DEFAULT_MESH", "false").start();
    put("/meshes/default", "type: Mesh\nname: default\nskipCreatingInitialPolicies: ['*']\n");
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    flakyBackend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    flakyBackend.setExecutor(Executors.newCachedThreadPool());
    flakyBackend.createContext("/", exchange -> {
      int attempt = ATTEMPTS.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
      int status = attempt <= FAILURES_BEFORE_SUCCESS ? 503 : 200;
      byte[] body = ("attempt " + attempt).getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    flakyBackend.start();

    put("/meshes/default/dataplanes/flaky-1", """
        type: Dataplane
        mesh: default
        name: flaky-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: flaky
                kuma.io/protocol: http
        """.formatted(flakyBackend.getAddress().getPort()));
    gatewayPort = Ports.free();
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
    put("/meshes/default/meshgatewayroutes/flaky", """
        type: MeshGatewayRoute
        mesh: default
        name: flaky
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: flaky}}]
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
    outboundPort = Ports.free();
    agent("""
        type: Dataplane
        mesh: default
        name: kong-1
        networking:
          address: 127.0.0.1
          gateway:
            type: DELEGATED
            tags:
              kuma.io/service: kong
          outbound:
            - port: %d
              tags:
                kuma.io/service: flaky
        """.formatted(outboundPort));
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) STARTED.get(i).close();
    STARTED.clear();
    if (flakyBackend != null) flakyBackend.stop(0);
    if (xds != null) xds.close();
    if (store != null) store.close();
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
    put(POLICY, """
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
      Http.Reply deleted = Http.delete(store.apiUrl() + POLICY);
      assertThat(deleted.status() / 100).as("DELETE the policy: " + deleted.body()).isEqualTo(2);
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
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Attempted last;
    do {
      last = get(base);
      if (last.status() == status && last.attempts() == attempts) return;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + ": " + base + " never answered " + status + " after " + attempts + " attempts, last " + last);
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
}
