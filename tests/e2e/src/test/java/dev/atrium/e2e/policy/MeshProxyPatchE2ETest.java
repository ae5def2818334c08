package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.http.Http;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
  static PolicyMesh mesh;
  static String url;

  @BeforeAll
  static void start() {
    mesh = PolicyMesh.withDefaultPolicies(dir);
    mesh.backend("web-1", "web", Backends.answering(200, "web"));
    url = mesh.builtinGateway("web", """
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: web}}]
        """).url() + "/";
    await(r -> r.status() == 200, "the gateway serves the backend before any patch");
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @AfterEach
  void removePolicies() {
    for (String path : List.of(BROKEN, MPP, TEMPLATE)) Http.delete(mesh.apiUrl() + path);
    await(r -> r.status() == 200 && r.header("x-edge").isEmpty() && r.header("x-filter").isEmpty()
        && r.header("x-template").isEmpty(), "no patch left on the gateway");
  }

  @Test
  void meshProxyPatchOnTheMeshGatewayAddsResponseHeadersUntilItIsRemoved() {
    long start = System.nanoTime();
    mesh.put(MPP, edgeHeaderPolicy("v1"));
    Reply patched = await(r -> r.header("x-edge").isPresent() && r.header("x-filter").isPresent(),
        "the MeshProxyPatch reaches the gateway");
    System.out.printf("MeshProxyPatch on MeshGateway: status %d, x-edge=%s (virtualHost), x-filter=%s (httpFilter), "
        + "visible %d ms after the PUT%n", patched.status(), patched.header("x-edge").orElse(""),
        patched.header("x-filter").orElse(""), millisSince(start));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.header("x-edge")).contains("v1");
    assertThat(patched.header("x-filter")).contains("header_mutation");

    start = System.nanoTime();
    mesh.delete(MPP);
    Reply plain = await(r -> r.header("x-edge").isEmpty() && r.header("x-filter").isEmpty(), "the patch goes with the policy");
    System.out.printf("MeshProxyPatch removed: status %d, no x-edge/x-filter %d ms after the DELETE%n",
        plain.status(), millisSince(start));
    assertThat(plain.status()).isEqualTo(200);
  }

  @Test
  void legacyProxyTemplateImportingGatewayProxyAddsAResponseHeaderUntilItIsRemoved() {
    long start = System.nanoTime();
    mesh.put(TEMPLATE, """
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
    Http.delete(mesh.apiUrl() + TEMPLATE);
    Reply plain = await(r -> r.header("x-template").isEmpty(), "the template's header goes with it");
    System.out.printf("ProxyTemplate removed: status %d, no x-template %d ms after the DELETE%n", plain.status(), millisSince(start));
    assertThat(plain.status()).isEqualTo(200);
  }

  @Test
  void aPatchThatRemovesTheRouterIsRefusedAndTheGatewayKeepsItsLastGoodConfig() throws InterruptedException {
    mesh.put(MPP, edgeHeaderPolicy("v1"));
    await(r -> r.header("x-edge").filter("v1"::equals).isPresent(), "the good patch reaches the gateway");
    // Valid as written (Kuma accepts it too), but Envoy would refuse an HTTP connection manager without its router.
    mesh.put(BROKEN, """
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
    mesh.put(MPP, edgeHeaderPolicy("v2"));
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
    assertThat(mesh.xds().logTail()).contains("refused").contains("the last HTTP filter must be the router");

    long start = System.nanoTime();
    Http.delete(mesh.apiUrl() + BROKEN);
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
    // Polled every 50 ms: the printed figures are how long a change takes to show.
    return Await.until(Await.DEADLINE, Duration.ofMillis(50), MeshProxyPatchE2ETest::get, ok,
        last -> what + ": " + url + " never did, last status " + last.status()
            + (last.response() == null ? "" : " headers " + last.response().headers().map()));
  }

  private static long millisSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
