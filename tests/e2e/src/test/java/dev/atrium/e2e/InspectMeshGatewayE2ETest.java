package dev.atrium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atriumctl inspect meshgateway} against the real store: a gateway with an HTTP and a TCP
 * listener, a route whose backend has two registered endpoints and another with none, a route in
 * conflict with it, and one whose protocol does not fit the listener it selects.
 */
class InspectMeshGatewayE2ETest extends WithStore {
  @TempDir static Path work;

  static final String MANIFEST = """
      type: MeshGateway
      mesh: default
      name: edge
      selectors:
        - match:
            kuma.io/service: edge
      conf:
        listeners:
          - port: 8080
            protocol: HTTP
            hostname: foo.example.com
            tags:
              port: http-8080
          - port: 9000
            protocol: TCP
            tags:
              port: tcp-9000
      ---
      type: Dataplane
      mesh: default
      name: edge-1
      networking:
        address: 127.0.0.1
        gateway:
          type: BUILTIN
          tags:
            kuma.io/service: edge
      ---
      type: Dataplane
      mesh: default
      name: backend-1
      networking:
        address: 127.0.0.2
        inbound:
          - port: 8080
            tags:
              kuma.io/service: backend
              kuma.io/protocol: http
      ---
      type: Dataplane
      mesh: default
      name: backend-2
      networking:
        address: 127.0.0.3
        inbound:
          - port: 8080
            tags:
              kuma.io/service: backend
              kuma.io/protocol: http
      ---
      type: MeshGatewayRoute
      mesh: default
      name: web
      selectors:
        - match:
            kuma.io/service: edge
            port: http-8080
      conf:
        http:
          rules:
            - matches:
                - path:
                    match: PREFIX
                    value: /
              backends:
                - weight: 90
                  destination:
                    kuma.io/service: backend
                - weight: 10
                  destination:
                    kuma.io/service: backend-canary
      ---
      type: MeshGatewayRoute
      mesh: default
      name: web-shadowed
      selectors:
        - match:
            kuma.io/service: edge
            port: http-8080
      conf:
        http:
          rules:
            - matches:
                - path:
                    match: PREFIX
                    value: /
              backends:
                - destination:
                    kuma.io/service: backend-canary
      ---
      type: MeshGatewayRoute
      mesh: default
      name: redis
      selectors:
        - match:
            kuma.io/service: edge
      conf:
        tcp:
          rules:
            - backends:
                - destination:
                    kuma.io/service: redis
      """;

  @BeforeAll
  static void applyTheGateway() throws Exception {
    Path manifest = work.resolve("edge.yaml");
    Files.writeString(manifest, MANIFEST);
    Atriumctl.Result apply = Atriumctl.run(store.apiUrl(), "apply", "-f", manifest.toString());
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();
  }

  @Test
  void showsListenersRoutesEndpointsAndRejectedRoutesWithTheirReasons() {
    Atriumctl.Result r = Atriumctl.run(store.apiUrl(), "inspect", "meshgateway", "edge");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String out = r.stdout();

    assertThat(out).contains("MeshGateway edge in mesh default").contains("Dataplanes: edge-1");
    assertThat(out).containsPattern("8080\\s+HTTP\\s+foo\\.example\\.com\\s+port=http-8080\\s+served");
    assertThat(out).containsPattern("9000\\s+TCP\\s+\\*\\s+port=tcp-9000\\s+served");
    assertThat(out).containsPattern("web\\s+MeshGatewayRoute\\s+foo\\.example\\.com\\s+"
        + "backend:90 endpoints=2, backend-canary:10 endpoints=0");
    assertThat(out).containsPattern("redis\\s+MeshGatewayRoute\\s+<none>\\s+redis:1 endpoints=0");
    assertThat(out).contains("REJECTED")
        .contains("MeshGatewayRoute web-shadowed: conflict: conf.http.rules[0] (prefix /) has the same match as"
            + " MeshGatewayRoute web conf.http.rules[0], which wins: routes are tried by name")
        .contains("MeshGatewayRoute redis: protocol mismatch: it has tcp rules only, this listener is HTTP");
  }

  @Test
  void yamlAndJsonAreTheReport() throws Exception {
    Atriumctl.Result json = Atriumctl.run(store.apiUrl(), "inspect", "mgw", "edge", "-o", "json");
    assertThat(json.exitCode()).as(json.stderr()).isZero();
    var tree = Mappers.JSON.readTree(json.stdout());
    assertThat(tree.at("/listeners/0/routes/0/backends/0/endpoints").asInt()).isEqualTo(2);
    assertThat(tree.at("/listeners/1/protocol").asText()).isEqualTo("TCP");

    Atriumctl.Result yaml = Atriumctl.run(store.apiUrl(), "inspect", "meshgateways", "edge", "-m", "default", "-o", "yaml");
    assertThat(yaml.exitCode()).as(yaml.stderr()).isZero();
    assertThat(yaml.stdout()).startsWith("mesh: default\ngateway: edge\n").contains("endpoints: 2");
  }

  @Test
  void aMissingGatewayOrMeshIsAClearError() {
    Atriumctl.Result gone = Atriumctl.run(store.apiUrl(), "inspect", "meshgateway", "nope");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.stderr()).contains("MeshGateway \"nope\" not found in mesh \"default\"");

    Atriumctl.Result noMesh = Atriumctl.run(store.apiUrl(), "inspect", "meshgateway", "edge", "-m", "nomesh");
    assertThat(noMesh.exitCode()).isEqualTo(1);
    assertThat(noMesh.stderr()).contains("Mesh \"nomesh\" not found").doesNotContain("Exception");
  }
}
