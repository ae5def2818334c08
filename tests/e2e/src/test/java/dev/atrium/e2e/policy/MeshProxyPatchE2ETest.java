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
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MeshProxyPatch and the legacy ProxyTemplate on a real Envoy builtin gateway in front of a real backend:
 * a patch adding a response header (a virtual host's {@code response_headers_to_add}, an HTTP filter
 * before the router) shows on a curl through the gateway and goes away with the policy; a patch that
 * would leave Envoy without its router is refused and the gateway keeps serving its last good config.
 * One control plane, backend and gateway for the class; each case prints how long the change took to show.
 */
class MeshProxyPatchE2ETest {
  private static final String MPP = "/meshes/default/meshproxypatches/edge-header";
  private static final String BROKEN = "/meshes/default/meshproxypatches/no-router";
  private static final String TEMPLATE = "/meshes/default/proxytemplates/edge-template";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  static HttpServer backend;
  static int gatewayPort;
  static String url;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    backend.setExecutor(Executors.newCachedThreadPool());
    backend.createContext("/", exchange -> {
      byte[] body = "web".getBytes(StandardCharsets.US_ASCII);
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
    gatewayPort = Ports.free();
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
    await(r -> r.status() == 200, "the gateway serves the backend before any patch");
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) STARTED.get(i).close();
    STARTED.clear();
    if (backend != null) backend.stop(0);
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @AfterEach
  void removePolicies() {
    for (String path : List.of(BROKEN, MPP, TEMPLATE)) Http.delete(store.apiUrl() + path);
    await(r -> r.status() == 200 && r.header("x-edge").isEmpty() && r.header("x-filter").isEmpty()
        && r.header("x-template").isEmpty(), "no patch left on the gateway");
  }

  @Test
  void meshProxyPatchOnTheMeshGatewayAddsResponseHeadersUntilItIsRemoved() {
    long start = System.nanoTime();
    put(MPP, edgeHeaderPolicy("v1"));
    Reply patched = await(r -> r.header("x-edge").isPresent() && r.header("x-filter").isPresent(),
        "the MeshProxyPatch reaches the gateway");
    System.out.printf("MeshProxyPatch on MeshGateway: status %d, x-edge=%s (virtualHost), x-filter=%s (httpFilter), "
        + "visible %d ms after the PUT%n", patched.status(), patched.header("x-edge").orElse(""),
        patched.header("x-filter").orElse(""), millisSince(start));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.header("x-edge")).contains("v1");
    assertThat(patched.header("x-filter")).contains("header_mutation");

    start = System.nanoTime();
    Http.Reply deleted = Http.delete(store.apiUrl() + MPP);
    assertThat(deleted.status() / 100).as("DELETE the policy: " + deleted.body()).isEqualTo(2);
    Reply plain = await(r -> r.header("x-edge").isEmpty() && r.header("x-filter").isEmpty(), "the patch goes with the policy");
    System.out.printf("MeshProxyPatch removed: status %d, no x-edge/x-filter %d ms after the DELETE%n",
        plain.status(), millisSince(start));
    assertThat(plain.status()).isEqualTo(200);
  }

  @Test
  void legacyProxyTemplateImportingGatewayProxyAddsAResponseHeaderUntilItIsRemoved() {
    long start = System.nanoTime();
    put(TEMPLATE, """
        type: ProxyTemplate
        mesh: default
        name: edge-template
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          imports: [gateway-proxy]
          modifications:
            - virtualHost:
                operation: patch
                match:
                  origin: gateway
                value: |
                  response_headers_to_add:
                    - header:
                        key: x-template
                        value: legacy
        """);
    Reply patched = await(r -> r.header("x-template").isPresent(), "the ProxyTemplate reaches the gateway");
    System.out.printf("ProxyTemplate (gateway-proxy): status %d, x-template=%s, visible %d ms after the PUT%n",
        patched.status(), patched.header("x-template").orElse(""), millisSince(start));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.header("x-template")).contains("legacy");

    start = System.nanoTime();
    Http.delete(store.apiUrl() + TEMPLATE);
    Reply plain = await(r -> r.header("x-template").isEmpty(), "the template's header goes with it");
    System.out.printf("ProxyTemplate removed: status %d, no x-template %d ms after the DELETE%n", plain.status(), millisSince(start));
    assertThat(plain.status()).isEqualTo(200);
  }

  @Test
  void aPatchThatRemovesTheRouterIsRefusedAndTheGatewayKeepsItsLastGoodConfig() throws InterruptedException {
    put(MPP, edgeHeaderPolicy("v1"));
    await(r -> r.header("x-edge").filter("v1"::equals).isPresent(), "the good patch reaches the gateway");
    // Valid as written (Kuma accepts it too), but Envoy would refuse an HTTP connection manager without its router.
    put(BROKEN, """
        type: MeshProxyPatch
        mesh: default
        name: no-router
        spec:
          targetRef:
            kind: MeshGateway
            name: edge
          default:
            appendModifications:
              - httpFilter:
                  operation: Remove
                  match:
                    name: envoy.filters.http.router
        """);
    put(MPP, edgeHeaderPolicy("v2"));
    // Both changes are refused together: the config with v2 also lacks the router. Watch for 3 s.
    int served = 0;
    long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    Reply last = null;
    while (System.nanoTime() < end) {
      last = get();
      assertThat(last.status()).as("the gateway keeps routing").isEqualTo(200);
      assertThat(last.header("x-edge")).as("the last good config stays").contains("v1");
      served++;
      Thread.sleep(100);
    }
    System.out.printf("broken patch refused: %d requests over 3 s all 200 with x-edge=%s (last good config kept)%n",
        served, last.header("x-edge").orElse(""));
    assertThat(xds.logTail()).contains("refused").contains("the last HTTP filter must be the router");

    long start = System.nanoTime();
    Http.delete(store.apiUrl() + BROKEN);
    Reply fixed = await(r -> r.header("x-edge").filter("v2"::equals).isPresent(), "removing the broken patch lets v2 through");
    System.out.printf("broken patch removed: x-edge=%s %d ms after the DELETE%n", fixed.header("x-edge").orElse(""), millisSince(start));
  }

  private static String edgeHeaderPolicy(String value) {
    return """
        type: MeshProxyPatch
        mesh: default
        name: edge-header
        spec:
          targetRef:
            kind: MeshGateway
            name: edge
          default:
            appendModifications:
              - virtualHost:
                  operation: Patch
                  match:
                    origin: gateway
                  value: |
                    response_headers_to_add:
                      - header:
                          key: x-edge
                          value: "%s"
              - httpFilter:
                  operation: AddBefore
                  match:
                    name: envoy.filters.http.router
                  value: |
                    name: envoy.filters.http.header_mutation
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.header_mutation.v3.HeaderMutation
                      mutations:
                        response_mutations:
                          - append:
                              header:
                                key: x-filter
                                value: header_mutation
        """.formatted(value);
  }

  record Reply(int status, HttpResponse<String> response) {
    Optional<String> header(String name) {
      return response == null ? Optional.empty() : response.headers().firstValue(name);
    }
  }

  private static Reply get() {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r);
    } catch (IOException e) {
      return new Reply(-1, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Retries for up to 30 s until a reply through the gateway satisfies {@code ok}. */
  private static Reply await(Predicate<Reply> ok, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Reply last;
    do {
      last = get();
      if (ok.test(last)) return last;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + ": " + url + " never did, last status " + last.status()
        + (last.response() == null ? "" : " headers " + last.response().headers().map()));
  }

  private static long millisSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
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
