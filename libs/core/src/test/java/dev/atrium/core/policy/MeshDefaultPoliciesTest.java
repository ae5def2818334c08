package dev.atrium.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Kuma's default policies of a new Mesh: names, kinds, what skipCreatingInitialPolicies leaves out, validity. */
class MeshDefaultPoliciesTest {

  @Test
  void aMeshGetsKumasFourDefaultPoliciesThatValidate() {
    List<Resource> all = MeshDefaultPolicies.forMesh("payments", List.of(), null);
    assertThat(all).extracting(r -> r.kind().typeName() + "/" + r.name()).containsExactly(
        "MeshTimeout/mesh-timeout-all-payments", "MeshTimeout/mesh-gateways-timeout-all-payments",
        "MeshRetry/mesh-retry-all-payments", "MeshCircuitBreaker/mesh-circuit-breaker-all-payments");
    Validator validator = new Validator((mesh, name) -> java.util.Optional.empty());
    for (Resource r : all) assertThat(validator.validate(r)).as(r.name()).isEmpty();
  }

  @Test
  void skipCreatingInitialPoliciesLeavesOutKindsOrEverything() {
    assertThat(MeshDefaultPolicies.forMesh("m", List.of("*"), null)).isEmpty();
    assertThat(MeshDefaultPolicies.forMesh("m", List.of("MeshRetry"), null)).extracting(Resource::name)
        .containsExactly("mesh-timeout-all-m", "mesh-gateways-timeout-all-m", "mesh-circuit-breaker-all-m");
    assertThat(MeshDefaultPolicies.forMesh("m", List.of("MeshTimeout"), null)).extracting(Resource::name)
        .containsExactly("mesh-retry-all-m", "mesh-circuit-breaker-all-m");
  }

  @Test
  void onKubernetesTheyAreObjectsOfTheSystemNamespace() {
    Resource timeout = MeshDefaultPolicies.forMesh("m", List.of(), "kuma-system").get(0);
    assertThat(timeout.name()).isEqualTo("mesh-timeout-all-m.kuma-system");
    assertThat(timeout.meta().labels()).containsEntry("k8s.kuma.io/namespace", "kuma-system")
        .containsEntry("kuma.io/display-name", "mesh-timeout-all-m");
  }

  /** The golden case that shows the gateway xDS they give uses exactly these policies. */
  @Test
  void theGoldenCaseWithKumasDefaultsHoldsTheseVeryPolicies() throws Exception {
    Path in = Path.of("src/test/resources/translate/builtin-gateway-kuma-default-policies/in.yaml");
    Map<String, String> inCase = ResourceCodec.decodeAll(Files.readString(in)).stream()
        .filter(r -> r.name().startsWith("mesh-"))
        .collect(Collectors.toMap(Resource::name, r -> ResourceCodec.encodeSpec(r.spec())));
    Map<String, String> generated = MeshDefaultPolicies.forMesh("default", List.of(), null).stream()
        .collect(Collectors.toMap(Resource::name, r -> ResourceCodec.encodeSpec(r.spec())));
    assertThat(inCase).isEqualTo(generated);
  }
}
