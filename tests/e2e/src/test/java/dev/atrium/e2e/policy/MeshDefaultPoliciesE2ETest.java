package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kuma's default policies, which the store writes with the "default" Mesh at its first start, reach real
 * Envoys: the builtin gateway's listener gives a client 500 ms to send its headers (then 408) and its
 * route, cluster and retry policy carry the defaults' values; a sidecar's outbound route gets
 * {@code mesh-timeout-all}'s 15 s request and 30 min stream idle timeouts, while a delegated gateway's
 * outbound, a Gateway proxy to Kuma's {@code proxyTypes}, gets {@code mesh-gateways-timeout-all}'s 5 s
 * stream idle (and the 15 s Kuma gives a route a MeshTimeout reaches). Editing a default policy changes
 * what Envoy gets (headers timeout 2 s: the 408 comes after 2 s; the sidecars' request timeout 3 s). One
 * control plane, backend and set of proxies for the class.
 */
class MeshDefaultPoliciesE2ETest {
  private static final String GATEWAYS_TIMEOUT = "/meshes/default/meshtimeouts/mesh-gateways-timeout-all-default";
  private static final String SIDECARS_TIMEOUT = "/meshes/default/meshtimeouts/mesh-timeout-all-default";

  @TempDir static Path dir;
  static PolicyMesh mesh;
  static DataplaneAgent edge;
  static DataplaneAgent kong;
  static DataplaneAgent client;
  static int gatewayPort;

  @BeforeAll
  static void start() {
    mesh = PolicyMesh.withDefaultPolicies(dir);
    mesh.backend("web-1", "web", Backends.answering(200, "web"));
    PolicyMesh.BuiltinGateway gateway = mesh.builtinGateway("web", """
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: web}}]
        """);
    gatewayPort = gateway.port();
    edge = gateway.agent();
    kong = mesh.delegatedGateway("kong", Map.of("web", Ports.free()));
    client = mesh.agent("""
        type: Dataplane
        mesh: default
        name: client-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: client
                kuma.io/protocol: http
          outbound:
            - port: %d
              tags:
                kuma.io/service: web
        """.formatted(Ports.free(), Ports.free()));
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @Test
  void theGatewayAndTheDelegatedOutboundRunOnTheDefaultPoliciesValues() {
    JsonNode gateway = awaitDump(edge, "the gateway's listener", d -> !gatewayHcms(d).isEmpty() && hasWebCluster(d));
    JsonNode hcm = gatewayHcms(gateway).get(0);
    JsonNode route = awaitRoute(edge, r -> r.has("cluster") || r.has("weighted_clusters"));
    JsonNode cluster = webCluster(gateway);
    JsonNode delegated = awaitRoute(kong, r -> r.has("timeout"));
    JsonNode sidecar = awaitRoute(client, r -> r.toString().contains("\"web"));
    System.out.printf("builtin gateway HCM: request_headers_timeout %s, stream_idle_timeout %s, idle_timeout %s%n",
        hcm.path("request_headers_timeout").asText(), hcm.path("stream_idle_timeout").asText(),
        hcm.at("/common_http_protocol_options/idle_timeout").asText());
    System.out.printf("builtin gateway route: timeout %s, idle_timeout %s, retries %s x %s; cluster %s: connect_timeout %s,"
        + " upstream idle %s, circuit breaker %s%n", route.path("timeout").asText(), route.path("idle_timeout").asText(),
        route.at("/retry_policy/num_retries").asText(), route.at("/retry_policy/per_try_timeout").asText(),
        cluster.path("name").asText(), cluster.path("connect_timeout").asText(), cluster.findPath("idle_timeout").asText(),
        cluster.at("/circuit_breakers/thresholds/0"));
    System.out.printf("sidecar outbound route: timeout %s, idle_timeout %s; delegated gateway outbound route: timeout %s,"
        + " idle_timeout %s%n", sidecar.path("timeout").asText(), sidecar.path("idle_timeout").asText(),
        delegated.path("timeout").asText(), delegated.path("idle_timeout").asText());

    assertThat(hcm.path("request_headers_timeout").asText()).isEqualTo("0.500s");
    assertThat(hcm.path("stream_idle_timeout").asText()).isEqualTo("5s");
    assertThat(hcm.at("/common_http_protocol_options/idle_timeout").asText()).isEqualTo("300s");
    assertThat(route.path("timeout").asText()).isEqualTo("15s");
    assertThat(route.path("idle_timeout").asText()).isEqualTo("5s");
    assertThat(route.at("/retry_policy/num_retries").asInt()).isEqualTo(5);
    assertThat(route.at("/retry_policy/per_try_timeout").asText()).isEqualTo("16s");
    assertThat(cluster.path("connect_timeout").asText()).isEqualTo("5s");
    assertThat(cluster.findPath("idle_timeout").asText()).isEqualTo("3600s");
    JsonNode limits = cluster.at("/circuit_breakers/thresholds/0");
    assertThat(List.of(limits.path("max_connections").asInt(), limits.path("max_pending_requests").asInt(),
        limits.path("max_requests").asInt(), limits.path("max_retries").asInt())).containsExactly(1024, 1024, 1024, 3);
    assertThat(sidecar.path("timeout").asText()).as("mesh-timeout-all's requestTimeout").isEqualTo("15s");
    assertThat(sidecar.path("idle_timeout").asText()).as("mesh-timeout-all's streamIdleTimeout 30m").isEqualTo("1800s");
    assertThat(delegated.path("timeout").asText()).isEqualTo("15s");
    assertThat(delegated.path("idle_timeout").asText()).as("mesh-gateways-timeout-all's to.streamIdleTimeout").isEqualTo("5s");

    Timed slowHeaders = unfinishedHeaders();
    System.out.printf("client that never finishes its headers, default policy: %s after %d ms%n", slowHeaders.status(),
        slowHeaders.elapsed().toMillis());
    assertThat(slowHeaders.status()).startsWith("HTTP/1.1 408");
    assertThat(slowHeaders.elapsed()).isBetween(Duration.ofMillis(400), Duration.ofMillis(1500));
  }

  @Test
  void editingADefaultPolicyChangesWhatEnvoyGets() {
    try {
      mesh.put(GATEWAYS_TIMEOUT, gatewaysTimeout("2s"));
      mesh.put(SIDECARS_TIMEOUT, sidecarsTimeout("3s"));
      JsonNode hcm = gatewayHcms(awaitDump(edge, "request_headers_timeout 2s",
          d -> gatewayHcms(d).stream().anyMatch(h -> h.path("request_headers_timeout").asText().equals("2s")))).get(0);
      JsonNode outbound = awaitRoute(client, r -> r.path("timeout").asText().equals("3s"));
      Timed slowHeaders = unfinishedHeaders();
      System.out.printf("edited defaults: gateway request_headers_timeout %s, %s after %d ms; sidecar outbound route timeout %s%n",
          hcm.path("request_headers_timeout").asText(), slowHeaders.status(), slowHeaders.elapsed().toMillis(),
          outbound.path("timeout").asText());
      assertThat(slowHeaders.status()).startsWith("HTTP/1.1 408");
      assertThat(slowHeaders.elapsed()).isBetween(Duration.ofMillis(1800), Duration.ofMillis(3500));
    } finally {
      mesh.put(GATEWAYS_TIMEOUT, gatewaysTimeout("500ms"));
      mesh.put(SIDECARS_TIMEOUT, sidecarsTimeout("15s"));
    }
    awaitDump(edge, "the default's 500 ms again",
        d -> gatewayHcms(d).stream().anyMatch(h -> h.path("request_headers_timeout").asText().equals("0.500s")));
  }

  /** Kuma's mesh-gateways-timeout-all with the given requestHeadersTimeout (500ms is the default). */
  private static String gatewaysTimeout(String requestHeadersTimeout) {
    return """
        type: MeshTimeout
        mesh: default
        name: mesh-gateways-timeout-all-default
        spec:
          targetRef: {kind: Mesh, proxyTypes: [Gateway]}
          from:
            - targetRef: {kind: Mesh}
              default:
                idleTimeout: 5m
                http: {streamIdleTimeout: 5s, requestHeadersTimeout: %s}
          to:
            - targetRef: {kind: Mesh}
              default:
                idleTimeout: 1h
                http: {streamIdleTimeout: 5s}
        """.formatted(requestHeadersTimeout);
  }

  /** Kuma's mesh-timeout-all with the given outbound requestTimeout (15s is the default). */
  private static String sidecarsTimeout(String requestTimeout) {
    return """
        type: MeshTimeout
        mesh: default
        name: mesh-timeout-all-default
        spec:
          targetRef: {kind: Mesh, proxyTypes: [Sidecar]}
          from:
            - targetRef: {kind: Mesh}
              default:
                connectionTimeout: 10s
                idleTimeout: 2h
                http: {requestTimeout: 0s, streamIdleTimeout: 1h, maxStreamDuration: 0s}
          to:
            - targetRef: {kind: Mesh}
              default:
                connectionTimeout: 5s
                idleTimeout: 1h
                http: {requestTimeout: %s, streamIdleTimeout: 30m}
        """.formatted(requestTimeout);
  }

  /** The HTTP connection managers of the gateway's listeners (the only ones with a server name of their own). */
  private static List<JsonNode> gatewayHcms(JsonNode dump) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode hcm : dump.findParents("stat_prefix")) {
      if (hcm.has("rds") && hcm.has("server_name")) out.add(hcm);
    }
    return out;
  }

  /** The first route action (a route's {@code route}) in {@code agent}'s config dump that {@code wanted} accepts. */
  private static JsonNode awaitRoute(DataplaneAgent agent, Predicate<JsonNode> wanted) {
    JsonNode[] found = new JsonNode[1];
    awaitDump(agent, "a route", d -> {
      for (JsonNode routes : d.findValues("routes")) {
        for (JsonNode r : routes) {
          JsonNode action = r.path("route");
          if (action.isObject() && wanted.test(action)) {
            found[0] = action;
            return true;
          }
        }
      }
      return false;
    });
    return found[0];
  }

  private static boolean hasWebCluster(JsonNode dump) {
    try {
      webCluster(dump);
      return true;
    } catch (AssertionError notYet) {
      return false;
    }
  }

  private static JsonNode webCluster(JsonNode dump) {
    for (JsonNode c : dump.findValues("cluster")) {
      if (c.isObject() && c.path("name").asText().startsWith("web")) return c;
    }
    throw new AssertionError("no web cluster in the config dump");
  }

  private static JsonNode awaitDump(DataplaneAgent agent, String what, Predicate<JsonNode> done) {
    return Await.until(() -> agent.admin().configDump(), done, last -> "Envoy never showed " + what);
  }

  record Timed(String status, Duration elapsed) {}

  /** A client that sends half its headers and waits: what the gateway answers, and when. */
  private static Timed unfinishedHeaders() {
    try (Socket socket = new Socket("127.0.0.1", gatewayPort)) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: web\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) != -1 && b != '\r') line.append((char) b);
      return new Timed(line.toString(), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
