package dev.atrium.core.multizone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.Violation;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteRulesTest {

  @Test
  void standaloneTakesEveryKind() {
    assertThat(Arrays.stream(ResourceKind.values()).filter(k -> WriteRules.readOnly(ControlPlaneMode.STANDALONE, k).isPresent()))
        .isEmpty();
  }

  @Test
  void globalRefusesWhatZonesProvideWithKumasText() {
    assertThat(WriteRules.readOnly(ControlPlaneMode.GLOBAL, ResourceKind.DATAPLANE)).hasValue(
        "On global control plane you can not modify dataplane resources with 'kumactl apply' or via the HTTP API."
            + " You can still use 'kumactl' or the HTTP API to modify them on the zone control plane.\n");
    assertThat(WriteRules.readOnly(ControlPlaneMode.GLOBAL, ResourceKind.MESH_GATEWAY_INSTANCE)).isPresent();
    assertThat(WriteRules.readOnly(ControlPlaneMode.GLOBAL, ResourceKind.MESH)).isEmpty();
    assertThat(WriteRules.readOnly(ControlPlaneMode.GLOBAL, ResourceKind.MESH_GATEWAY)).isEmpty();
    assertThat(WriteRules.readOnly(ControlPlaneMode.GLOBAL, ResourceKind.MESH_TIMEOUT)).isEmpty();
  }

  @Test
  void aZoneRefusesWhatGlobalProvidesWithKumasText() {
    assertThat(WriteRules.readOnly(ControlPlaneMode.ZONE, ResourceKind.MESH)).hasValue(
        "On zone control plane you can only modify zone resources with 'kumactl apply' or via the HTTP API."
            + " You can still use 'kumactl' or the HTTP API to modify the rest of the resource on the global control plane.\n");
    for (ResourceKind k : new ResourceKind[] {ResourceKind.MESH_GATEWAY_ROUTE, ResourceKind.TIMEOUT, ResourceKind.TRAFFIC_PERMISSION,
        ResourceKind.EXTERNAL_SERVICE, ResourceKind.GLOBAL_SECRET}) {
      assertThat(WriteRules.readOnly(ControlPlaneMode.ZONE, k)).as(k.typeName()).isPresent();
    }
    for (ResourceKind k : new ResourceKind[] {ResourceKind.DATAPLANE, ResourceKind.MESH_GATEWAY, ResourceKind.MESH_HTTP_ROUTE,
        ResourceKind.MESH_RETRY, ResourceKind.SECRET}) {
      assertThat(WriteRules.readOnly(ControlPlaneMode.ZONE, k)).as(k.typeName()).isEmpty();
    }
  }

  @Test
  void aTargetRefPolicyWrittenOnAZoneMustSayItWasMadeThere() {
    Violation missing = new Violation("labels[\"kuma.io/origin\"]", "the origin label must be set to 'zone'");
    assertThat(WriteRules.originViolations(ControlPlaneMode.ZONE, ResourceKind.MESH_TIMEOUT, Map.of())).containsExactly(missing);
    assertThat(WriteRules.originViolations(ControlPlaneMode.ZONE, ResourceKind.MESH_HTTP_ROUTE, Map.of("kuma.io/origin", "global")))
        .containsExactly(missing);
    assertThat(WriteRules.originViolations(ControlPlaneMode.ZONE, ResourceKind.MESH_TIMEOUT, Map.of("kuma.io/origin", "zone"))).isEmpty();
    assertThat(WriteRules.originViolations(ControlPlaneMode.ZONE, ResourceKind.DATAPLANE, Map.of())).as("not a policy").isEmpty();
    assertThat(WriteRules.originViolations(ControlPlaneMode.STANDALONE, ResourceKind.MESH_TIMEOUT, Map.of())).isEmpty();
  }

  @Test
  void onGlobalTheOriginLabelIsOptionalButMaySayOnlyGlobal() {
    assertThat(WriteRules.originViolations(ControlPlaneMode.GLOBAL, ResourceKind.MESH_TIMEOUT, Map.of())).isEmpty();
    assertThat(WriteRules.originViolations(ControlPlaneMode.GLOBAL, ResourceKind.MESH_TIMEOUT, Map.of("kuma.io/origin", "global"))).isEmpty();
    assertThat(WriteRules.originViolations(ControlPlaneMode.GLOBAL, ResourceKind.MESH_GATEWAY, Map.of("kuma.io/origin", "zone")))
        .containsExactly(new Violation("labels[\"kuma.io/origin\"]", "the origin label must be set to 'global'"));
  }

  @Test
  void modesParseFromTheirConfigurationValues() {
    assertThat(ControlPlaneMode.parse("global")).isEqualTo(ControlPlaneMode.GLOBAL);
    assertThatThrownBy(() -> ControlPlaneMode.parse("federated")).hasMessageContaining("not one of standalone, global, zone");
  }
}
