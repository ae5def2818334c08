package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.e2e.Curl;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MeshGatewayRoute features through a real Envoy builtin gateway: weighted split, header, query and
 * method matches, redirect, mirror, prefix and full rewrites, response headers, and hostname precedence
 * (exact over wildcard over catch-all) on one port.
 */
class GatewayRoutingE2ETest extends WithControlPlane {
  private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private int port;
  private final Map<String, EchoServer> apps = new java.util.HashMap<>();

  @Test
  void routesAsConfigured() throws Exception {
    startGateway();

    // 80/20 weighted split over 1000 requests, within ±5 points.
    int toA = 0;
    for (int i = 0; i < 1000; i++) {
      HttpResponse<String> r = get("/split", Map.of(), "GET");
      assertThat(r.statusCode()).isEqualTo(200);
      if (r.body().contains("\"app-a\"")) toA++;
    }
    System.out.println("weighted split: app-a got " + toA + " of 1000 (weight 80)");
    assertThat(toA).isBetween(750, 850);

    // Header match before the plain prefix.
    assertThat(get("/variant", Map.of("x-variant", "beta"), "GET").body()).contains("\"app-beta\"");
    assertThat(get("/variant", Map.of(), "GET").body()).contains("\"app-a\"");

    // Query and method matches; anything else is the gateway's 404.
    assertThat(get("/query?v=2", Map.of(), "GET").body()).contains("\"app-b\"");
    assertThat(get("/query?v=3", Map.of(), "GET").statusCode()).isEqualTo(404);
    assertThat(get("/write", Map.of(), "POST").body()).contains("\"app-b\"");
    assertThat(get("/write", Map.of(), "GET").statusCode()).isEqualTo(404);

    // Redirect: status and Location.
    HttpResponse<String> redirect = get("/old", Map.of(), "GET");
    assertThat(redirect.statusCode()).isEqualTo(301);
    assertThat(redirect.headers().firstValue("location")).hasValue("https://new.example.com/new");

    // Prefix rewrite plus a response header; full-path rewrite.
    HttpResponse<String> api = get("/api/users", Map.of(), "GET");
    assertThat(api.body()).contains("\"path\":\"/internal/users\"");
    assertThat(api.headers().firstValue("x-gateway")).hasValue("atrium");
    assertThat(get("/full", Map.of(), "GET").body()).contains("\"path\":\"/replaced\"");

    // Mirror: the client gets app-a's answer; app-mirror gets a copy of every request (Envoy marks
    // the copy's Host with -shadow).
    for (int i = 0; i < 20; i++) assertThat(get("/mirrored", Map.of(), "GET").body()).contains("\"app-a\"");
    EchoServer mirror = apps.get("app-mirror");
    assertThat(Traffic.eventually(Duration.ofSeconds(5), () -> mirror.requestCount() == 20))
        .as("20 mirrored copies, got %d", mirror.requestCount()).isTrue();
    assertThat(mirror.requests().get(0).path()).isEqualTo("/mirrored");
    assertThat(mirror.requests().get(0).header("host")).contains("-shadow");

    // Hostname precedence on one port: exact, then wildcard, then the listener without hostname.
    assertThat(Curl.run("-H", "Host: foo.example.com", url("/")).body()).contains("\"foo-app\"");
    assertThat(Curl.run("-H", "Host: bar.example.com", url("/")).body()).contains("\"wild-app\"");
    assertThat(Curl.run("-H", "Host: other.org", url("/split")).body()).containsAnyOf("\"app-a\"", "\"app-b\"");
  }

  private void startGateway() {
    port = Ports.free();
    for (String name : new String[] {"app-a", "app-b", "app-beta", "foo-app", "wild-app", "app-mirror"}) {
      EchoServer app = track(EchoServer.start(name));
      apps.put(name, app);
      registerApp(name, name, app.port());
    }
    put("meshgateways", "edge", """
        type: MeshGateway
        mesh: default
        name: edge
        selectors:
          - match:
              kuma.io/service: edge
        conf:
          listeners:
            - port: %1$d
              protocol: HTTP
              hostname: foo.example.com
              tags: {vhost: foo}
            - port: %1$d
              protocol: HTTP
              hostname: "*.example.com"
              tags: {vhost: wild}
            - port: %1$d
              protocol: HTTP
              tags: {vhost: any}
        """.formatted(port));
    put("meshgatewayroutes", "foo", route("foo", "foo", "foo-app"));
    put("meshgatewayroutes", "wild", route("wild", "wild", "wild-app"));
    put("meshgatewayroutes", "any", """
        type: MeshGatewayRoute
        mesh: default
        name: any
        selectors:
          - match: {kuma.io/service: edge, vhost: any}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /split}}]
                backends:
                  - {weight: 80, destination: {kuma.io/service: app-a}}
                  - {weight: 20, destination: {kuma.io/service: app-b}}
              - matches:
                  - path: {match: PREFIX, value: /variant}
                    headers: [{match: EXACT, name: x-variant, value: beta}]
                backends: [{destination: {kuma.io/service: app-beta}}]
              - matches: [{path: {match: PREFIX, value: /variant}}]
                backends: [{destination: {kuma.io/service: app-a}}]
              - matches:
                  - path: {match: EXACT, value: /query}
                    queryParameters: [{match: EXACT, name: v, value: "2"}]
                backends: [{destination: {kuma.io/service: app-b}}]
              - matches: [{path: {match: EXACT, value: /write}, method: POST}]
                backends: [{destination: {kuma.io/service: app-b}}]
              - matches: [{path: {match: EXACT, value: /old}}]
                filters:
                  - redirect: {scheme: https, hostname: new.example.com, statusCode: 301, path: {replaceFull: /new}}
              - matches: [{path: {match: PREFIX, value: /api}}]
                filters:
                  - rewrite: {replacePrefixMatch: /internal}
                  - responseHeader: {set: [{name: x-gateway, value: atrium}]}
                backends: [{destination: {kuma.io/service: app-a}}]
              - matches: [{path: {match: EXACT, value: /mirrored}}]
                filters:
                  - mirror: {backend: {destination: {kuma.io/service: app-mirror}}}
                backends: [{destination: {kuma.io/service: app-a}}]
              - matches: [{path: {match: EXACT, value: /full}}]
                filters:
                  - rewrite: {replaceFull: /replaced}
                backends: [{destination: {kuma.io/service: app-a}}]
        """);
    DataplaneAgent gateway = agent(builtinGateway("edge-1", "edge"), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> gateway.admin().clusterHosts("app-beta").size() == 1))
        .as("the gateway knows its backends").isTrue();
  }

  private static String route(String name, String vhost, String backend) {
    return """
        type: MeshGatewayRoute
        mesh: default
        name: %s
        selectors:
          - match: {kuma.io/service: edge, vhost: %s}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: %s}}]
        """.formatted(name, vhost, backend);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private HttpResponse<String> get(String path, Map<String, String> headers, String method) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5))
        .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
