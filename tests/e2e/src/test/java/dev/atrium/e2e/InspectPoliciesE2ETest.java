package dev.atrium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which policy set what, against the real store: Kuma's {@code _rules} answers and
 * {@code atriumctl inspect dataplane NAME} / {@code inspect meshgateway NAME}, for a sidecar and a
 * builtin gateway with a mesh-wide MeshTimeout and more specific ones overriding some of its fields.
 */
class InspectPoliciesE2ETest extends WithStore {
  @TempDir static Path work;

  static final String MANIFEST = """
      type: Dataplane
      mesh: default
      name: web-1
      networking:
        address: 127.0.0.1
        inbound:
          - port: 8080
            tags: {kuma.io/service: web, kuma.io/protocol: http}
        outbound:
          - port: 10001
            tags: {kuma.io/service: backend}
      ---
      type: Dataplane
      mesh: default
      name: backend-1
      networking:
        address: 127.0.0.2
        inbound:
          - port: 8080
            tags: {kuma.io/service: backend, kuma.io/protocol: http}
      ---
      type: Dataplane
      mesh: default
      name: edge-1
      networking:
        address: 127.0.0.1
        gateway: {type: BUILTIN, tags: {kuma.io/service: edge}}
      ---
      type: MeshGateway
      mesh: default
      name: edge
      selectors: [{match: {kuma.io/service: edge}}]
      conf: {listeners: [{port: 8080, protocol: HTTP}]}
      ---
      type: MeshTimeout
      mesh: default
      name: baseline
      spec:
        targetRef: {kind: Mesh}
        to:
          - targetRef: {kind: Mesh}
            default: {connectionTimeout: 3s, http: {requestTimeout: 11s}}
      ---
      type: MeshTimeout
      mesh: default
      name: web-to-backend
      spec:
        targetRef: {kind: MeshService, name: web}
        to:
          - targetRef: {kind: MeshService, name: backend}
            default: {http: {requestTimeout: 7s}}
      ---
      type: MeshTimeout
      mesh: default
      name: edge-timeouts
      spec:
        targetRef: {kind: MeshGateway, name: edge}
        to:
          - targetRef: {kind: Mesh}
            default: {http: {requestTimeout: 4s}}
      """;

  // "baseline" sorts before Kuma's default mesh-timeout-all-default: between two Mesh-wide policies the
  // one first by name wins, so its values are the ones asserted whether or not the mesh has the defaults.
  @BeforeAll
  static void apply() throws Exception {
    Path manifest = work.resolve("policies.yaml");
    Files.writeString(manifest, MANIFEST);
    Atriumctl.Result apply = Atriumctl.run(store.apiUrl(), "apply", "-f", manifest.toString());
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();
  }

  @Test
  void kumasRulesShapeWithWhoSetEachFieldAndWhoLost() throws Exception {
    JsonNode body = Mappers.JSON.readTree(Atriumctl.run(store.apiUrl(), "inspect", "dataplane", "web-1", "-o", "json").stdout());
    assertThat(body.at("/resource/type").asText()).isEqualTo("Dataplane");
    assertThat(body.at("/resource/name").asText()).isEqualTo("web-1");
    JsonNode timeouts = null;
    for (JsonNode k : body.path("rules")) if (k.path("type").asText().equals("MeshTimeout")) timeouts = k;
    assertThat(timeouts).as("a MeshTimeout entry in %s", body).isNotNull();
    JsonNode backend = timeouts.path("toRules").get(0);
    assertThat(backend.at("/matchers/0/key").asText()).isEqualTo("kuma.io/service");
    assertThat(backend.at("/matchers/0/value").asText()).isEqualTo("backend");
    assertThat(backend.at("/conf/http/requestTimeout").asText()).isEqualTo("7s");
    assertThat(backend.at("/conf/connectionTimeout").asText()).isEqualTo("3s");
    assertThat(backend.path("origin").findValuesAsText("name")).contains("baseline", "web-to-backend");
    JsonNode field = backend.at("/fields/http.requestTimeout");
    assertThat(field.path("setBy").asText()).isEqualTo("MeshTimeout/web-to-backend spec.to[0]");
    assertThat(field.path("overrode").findValuesAsText("origin")).contains("MeshTimeout/baseline spec.to[0]");
    assertThat(body.path("effects").findValuesAsText("timeout: http.requestTimeout"))
        .as("the outbound route to backend got it").contains("MeshTimeout/web-to-backend spec.to[0]");
  }

  @Test
  void inspectDataplanePrintsFieldsWinnersAndLosers() {
    Atriumctl.Result r = Atriumctl.run(store.apiUrl(), "inspect", "dataplane", "web-1");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("Dataplane default/web-1")
        .contains("MeshTimeout to kuma.io/service=backend")
        .containsPattern("http\\.requestTimeout\\s+7s\\s+MeshTimeout/web-to-backend spec\\.to\\[0\\]\\s+.*MeshTimeout/baseline spec\\.to\\[0\\] \\(11s\\)")
        .contains("ON THE PROXY")
        .containsPattern("cluster\\s+\\S*backend\\S*\\s+timeout: connectionTimeout\\s+MeshTimeout/baseline spec\\.to\\[0\\]");

    Atriumctl.Result missing = Atriumctl.run(store.apiUrl(), "inspect", "dataplane", "nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("nope").contains("not found");
  }

  @Test
  void inspectMeshGatewayAddsThePoliciesAtTheGateway() {
    Atriumctl.Result r = Atriumctl.run(store.apiUrl(), "inspect", "meshgateway", "edge");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("POLICIES").contains("MeshGateway default/edge")
        .containsPattern("http\\.requestTimeout\\s+4s\\s+MeshTimeout/edge-timeouts spec\\.to\\[0\\]");
  }
}
