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
  static StoreProcess store;
  static XdsServerProcess xds;
  static HttpServer backend;
  static DataplaneAgent gateway;
  static String url;

  @BeforeAll
  static void start() throws IOException {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    backend.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    backend.start();

    put("/meshes/default/dataplanes/web-1", """
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: web
                kuma.io/protocol: http
        """.formatted(backend.getAddress().getPort()));
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
    put("/meshes/default/meshgatewayroutes/web", """
        type: MeshGatewayRoute
        mesh: default
        name: web
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: web}}]
        """);
    int adminPort = Ports.free();
    Path file = dir.resolve("edge-1.yaml");
    try {
      Files.writeString(file, """
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    gateway = new DataplaneAgent(xds, file, adminPort, dir.resolve("agents")).start(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) gateway.close();
    if (backend != null) backend.stop(0);
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @Test
  void aRouteOverItsLimitAnswersTheConfiguredStatusAndHeaderUntilThePolicyIsRemoved() {
    awaitStatus(200, "the gateway serves the backend before any policy");
    assertBurstServed("without a policy");

    put(POLICY, """
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
      Http.Reply deleted = Http.delete(store.apiUrl() + POLICY);
      assertThat(deleted.status() / 100).as("DELETE the policy: " + deleted.body()).isEqualTo(2);
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
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Reply last;
    do {
      last = get();
      if (last.status() == status) return;
      pause();
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + ": " + url + " never answered " + status + ", last " + last.status());
  }

  /** A refilled bucket also serves one request, so the removal shows only as two served back to back. */
  private static void awaitTwoServedInARow() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      if (get().status() == 200 && get().status() == 200) return;
      pause();
    } while (System.nanoTime() < deadline);
    throw new AssertionError("the gateway still limits requests 30 s after the policy was deleted");
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void put(String path, String yaml) {
    Http.Reply reply = Http.put(store.apiUrl() + path, yaml, "application/yaml");
    if (reply.status() / 100 != 2) throw new AssertionError("PUT " + path + " answered " + reply.status() + ": " + reply.body());
  }
}
