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
import java.util.concurrent.Executors;
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
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  static HttpServer backend;
  static String url;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    backend.setExecutor(Executors.newCachedThreadPool());
    backend.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    backend.start();

    put("/meshes/default/dataplanes/backend-1", """
        type: Dataplane
        mesh: default
        name: backend-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: backend
                kuma.io/protocol: http
        """.formatted(backend.getAddress().getPort()));
    int gatewayPort = Ports.free();
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
    put("/meshes/default/meshgatewayroutes/backend", """
        type: MeshGatewayRoute
        mesh: default
        name: backend
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: backend}}]
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
    url = "http://127.0.0.1:" + gatewayPort + "/";
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) STARTED.get(i).close();
    STARTED.clear();
    if (backend != null) backend.stop(0);
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @Test
  void anAbortOnTheMeshGatewayAnswersItsStatusUntilThePolicyIsRemoved() {
    awaitQuick200("the gateway serves the backend before any policy");
    String policy = "/meshes/default/meshfaultinjections/abort-421";
    put(policy, """
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
      delete(policy);
    }
    awaitQuick200("without the policy the gateway forwards again");
  }

  @Test
  void aDelayForGatewaysAnswersAfterTheDelayUntilThePolicyIsRemoved() {
    awaitQuick200("the gateway answers quickly before any policy");
    String policy = "/meshes/default/meshfaultinjections/delay-2s";
    put(policy, """
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
      await(t -> t.status() == 200 && t.elapsed().compareTo(DELAY) >= 0, "the delay reaches the gateway");
      Timed delayed = get();
      System.out.println("MeshFaultInjection delay 2s: status " + delayed.status() + " after " + delayed.elapsed().toMillis() + " ms");
      assertThat(delayed.status()).isEqualTo(200);
      assertThat(delayed.elapsed()).as("answered after the 2 s delay").isGreaterThanOrEqualTo(DELAY);
    } finally {
      delete(policy);
    }
    Timed quick = awaitQuick200("without the policy the gateway answers quickly again");
    System.out.println("MeshFaultInjection none: status " + quick.status() + " after " + quick.elapsed().toMillis() + " ms");
  }

  record Timed(int status, Duration elapsed) {}

  private static Timed awaitQuick200(String what) {
    Timed t = await(r -> r.status() == 200 && r.elapsed().compareTo(QUICK) < 0, what);
    assertThat(t.elapsed()).as("200 without delay").isLessThan(QUICK);
    return t;
  }

  private static Timed get() {
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

  /** Retries for up to 30 s until a reply satisfies {@code ok}; returns that reply. */
  private static Timed await(Predicate<Timed> ok, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Timed last;
    do {
      last = get();
      if (ok.test(last)) return last;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + ": " + url + " never did, last " + last.status() + " after " + last.elapsed().toMillis() + " ms");
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
