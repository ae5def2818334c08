package dev.atrium.core.policy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.core.translate.ProxyTranslator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What `_rules` and `atriumctl inspect dataplane` say: merged confs per subset, who won each field, who lost. */
class PolicyRulesTest {
  // A mesh-wide MeshTimeout and a more specific one for service web's proxies that overrides some fields.
  private static final String MESH = """
      type: Mesh
      name: default
      ---
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
        - port: 10002
          tags: {kuma.io/service: other}
      ---
      type: Dataplane
      mesh: default
      name: backend-1
      networking:
        address: 127.0.0.2
        inbound:
        - port: 9000
          tags: {kuma.io/service: backend, kuma.io/protocol: http}
      ---
      type: MeshTimeout
      mesh: default
      name: mesh-wide
      spec:
        targetRef: {kind: Mesh}
        to:
        - targetRef: {kind: Mesh}
          default: {connectionTimeout: 2s, idleTimeout: 20s, http: {requestTimeout: 10s}}
        from:
        - targetRef: {kind: Mesh}
          default: {connectionTimeout: 2s, http: {requestTimeout: 5s}}
      ---
      type: MeshTimeout
      mesh: default
      name: for-web
      spec:
        targetRef: {kind: MeshService, name: web}
        to:
        - targetRef: {kind: MeshService, name: backend}
          default: {http: {requestTimeout: 15s}}
        from:
        - targetRef: {kind: Mesh}
          default: {connectionTimeout: 20s}
      """;

  private final MeshSnapshot mesh = TranslateCases.snapshot(ResourceCodec.decodeAll(MESH));
  private final Resource web = mesh.dataplane("web-1").orElseThrow();

  @Test
  void toRulesPerDestinationSubsetThenTheCatchAll() {
    KindRules rules = only(PolicyRules.forProxy(mesh, web, Optional.empty()));
    assertThat(rules.toRules()).extracting(SubsetRule::matchers)
        .containsExactly(Map.of("kuma.io/service", "backend"), Map.of());

    SubsetRule backend = rules.toRules().get(0);
    assertThat(backend.conf().at("/http/requestTimeout").asText()).isEqualTo("15s");
    assertThat(backend.conf().at("/connectionTimeout").asText()).as("merged from the mesh-wide entry").isEqualTo("2s");
    assertThat(backend.origins()).extracting(Origin::name).containsExactly("mesh-wide", "for-web");
    FieldProvenance timeout = backend.fields().get("http.requestTimeout");
    assertThat(timeout.setBy().describe()).isEqualTo("MeshTimeout/for-web spec.to[0]");
    assertThat(timeout.overridden()).singleElement().satisfies(lost -> {
      assertThat(lost.origin().describe()).isEqualTo("MeshTimeout/mesh-wide spec.to[0]");
      assertThat(lost.value().asText()).isEqualTo("10s");
    });

    SubsetRule everythingElse = rules.toRules().get(1);
    assertThat(everythingElse.conf().at("/http/requestTimeout").asText()).isEqualTo("10s");
    assertThat(everythingElse.origins()).extracting(Origin::name).containsExactly("mesh-wide");
    assertThat(rules.toResourceRules()).singleElement().satisfies(e -> {
      assertThat(e.origin().name()).isEqualTo("mesh-wide");
      assertThat(e.ruleIndex()).isZero();
    });
  }

  @Test
  void fromRulesPerInbound() {
    KindRules rules = only(PolicyRules.forProxy(mesh, web, Optional.empty()));
    assertThat(rules.fromRules()).singleElement().satisfies(inbound -> {
      assertThat(inbound.port()).isEqualTo(8080);
      SubsetRule all = inbound.rules().get(0);
      assertThat(all.matchers()).isEmpty();
      assertThat(all.conf().at("/connectionTimeout").asText()).isEqualTo("20s");
      assertThat(all.conf().at("/http/requestTimeout").asText()).isEqualTo("5s");
      assertThat(all.fields().get("connectionTimeout").overridden()).extracting(o -> o.origin().name())
          .containsExactly("mesh-wide");
    });
    assertThat(rules.inboundRules().get(0).rules()).extracting(e -> e.origin().name()).containsExactly("mesh-wide", "for-web");
  }

  @Test
  void aProxyNoPolicySelectsHasNoRules() {
    Resource backend = mesh.dataplane("backend-1").orElseThrow();
    KindRules rules = only(PolicyRules.forProxy(mesh, backend, Optional.empty()));
    assertThat(rules.toRules()).singleElement().satisfies(r -> assertThat(r.origins()).extracting(Origin::name)
        .as("only the mesh-wide policy selects backend's proxy").containsExactly("mesh-wide"));
    MeshSnapshot bare = TranslateCases.snapshot(ResourceCodec.decodeAll(MESH.substring(0, MESH.indexOf("---\ntype: MeshTimeout"))));
    assertThat(PolicyRules.forProxy(bare, backend, Optional.empty())).isEmpty();
  }

  @Test
  void effectsNameTheClusterAndRouteEachPolicySet() {
    List<ProxyPolicyEffects.Element> effects = ProxyPolicyEffects.of(ProxyTranslator.translate(mesh, "web-1"));
    ProxyPolicyEffects.Element cluster = effects.stream()
        .filter(e -> e.type().equals("cluster") && e.name().contains("backend")).findFirst().orElseThrow();
    assertThat(cluster.fields().get("timeout: connectionTimeout").describe()).isEqualTo("MeshTimeout/mesh-wide spec.to[0]");
    assertThat(effects).filteredOn(e -> e.type().equals("route") && e.name().contains("backend"))
        .allSatisfy(r -> assertThat(r.fields().get("timeout: http.requestTimeout").name()).isEqualTo("for-web"))
        .isNotEmpty();
  }

  private static KindRules only(List<KindRules> all) {
    assertThat(all).extracting(KindRules::type).containsExactly(ResourceKind.MESH_TIMEOUT);
    return all.get(0);
  }
}
