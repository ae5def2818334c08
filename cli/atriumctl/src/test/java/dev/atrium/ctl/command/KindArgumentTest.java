package dev.atrium.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.ctl.CliException;
import org.junit.jupiter.api.Test;

class KindArgumentTest {

  @Test
  void acceptsEveryNameKumactlAccepts() {
    assertThat(KindArgument.resolve("meshgateways")).isEqualTo(ResourceKind.MESH_GATEWAY);
    assertThat(KindArgument.resolve("MeshGateway")).isEqualTo(ResourceKind.MESH_GATEWAY);
    assertThat(KindArgument.resolve("mgw")).isEqualTo(ResourceKind.MESH_GATEWAY);
    assertThat(KindArgument.resolve("dp")).isEqualTo(ResourceKind.DATAPLANE);
    assertThat(KindArgument.resolve("meshtrafficpermissions")).isEqualTo(ResourceKind.MESH_TRAFFIC_PERMISSION);
    assertThat(KindArgument.resolve("mtp")).isEqualTo(ResourceKind.MESH_TRAFFIC_PERMISSION);
    assertThat(KindArgument.resolve("traffic-permissions")).isEqualTo(ResourceKind.TRAFFIC_PERMISSION);
    assertThat(KindArgument.resolve("meshtimeouts")).isEqualTo(ResourceKind.MESH_TIMEOUT);
    assertThat(KindArgument.resolve("mt")).isEqualTo(ResourceKind.MESH_TIMEOUT);
    assertThat(KindArgument.resolve("mcb")).isEqualTo(ResourceKind.MESH_CIRCUIT_BREAKER);
    assertThat(KindArgument.resolve("meshfaultinjections")).isEqualTo(ResourceKind.MESH_FAULT_INJECTION);
    assertThat(KindArgument.resolve("mfi")).isEqualTo(ResourceKind.MESH_FAULT_INJECTION);
    assertThat(KindArgument.resolve("meshaccesslogs")).isEqualTo(ResourceKind.MESH_ACCESS_LOG);
    assertThat(KindArgument.resolve("mal")).isEqualTo(ResourceKind.MESH_ACCESS_LOG);
    assertThat(KindArgument.resolve("traffic-logs")).isEqualTo(ResourceKind.TRAFFIC_LOG);
    assertThat(KindArgument.resolve("mrl")).isEqualTo(ResourceKind.MESH_RATE_LIMIT);
    assertThat(KindArgument.resolve("meshretries")).isEqualTo(ResourceKind.MESH_RETRY);
    assertThat(KindArgument.resolve("mr")).isEqualTo(ResourceKind.MESH_RETRY);
    assertThat(KindArgument.resolve("external-services")).isEqualTo(ResourceKind.EXTERNAL_SERVICE);
    assertThat(KindArgument.resolve("ExternalService")).isEqualTo(ResourceKind.EXTERNAL_SERVICE);
    assertThat(KindArgument.resolve("meshproxypatches")).isEqualTo(ResourceKind.MESH_PROXY_PATCH);
    assertThat(KindArgument.resolve("mpp")).isEqualTo(ResourceKind.MESH_PROXY_PATCH);
    assertThat(KindArgument.resolve("proxytemplates")).isEqualTo(ResourceKind.PROXY_TEMPLATE);
    assertThat(KindArgument.resolve("meshloadbalancingstrategies")).isEqualTo(ResourceKind.MESH_LOAD_BALANCING_STRATEGY);
    assertThat(KindArgument.resolve("mlbs")).isEqualTo(ResourceKind.MESH_LOAD_BALANCING_STRATEGY);
    assertThat(KindArgument.resolve("meshhealthchecks")).isEqualTo(ResourceKind.MESH_HEALTH_CHECK);
    assertThat(KindArgument.resolve("mhc")).isEqualTo(ResourceKind.MESH_HEALTH_CHECK);
    assertThat(KindArgument.resolve("health-checks")).isEqualTo(ResourceKind.HEALTH_CHECK);
    assertThat(KindArgument.resolve("HealthCheck")).isEqualTo(ResourceKind.HEALTH_CHECK);
    assertThat(KindArgument.resolve("TrafficPermission")).isEqualTo(ResourceKind.TRAFFIC_PERMISSION);
    assertThat(KindArgument.resolve("timeouts")).isEqualTo(ResourceKind.TIMEOUT);
    assertThat(KindArgument.resolve("Retry")).isEqualTo(ResourceKind.RETRY);
    assertThat(KindArgument.resolve("retries")).isEqualTo(ResourceKind.RETRY);
    assertThat(KindArgument.resolve("circuit-breakers")).isEqualTo(ResourceKind.CIRCUIT_BREAKER);
    assertThat(KindArgument.resolve("rate-limits")).isEqualTo(ResourceKind.RATE_LIMIT);
    assertThat(KindArgument.resolve("fault-injections")).isEqualTo(ResourceKind.FAULT_INJECTION);
  }

  @Test
  void unknownKindListsTheKnownOnes() {
    assertThatThrownBy(() -> KindArgument.resolve("gateways")).isInstanceOf(CliException.class)
        .hasMessageContaining("unknown resource type \"gateways\"")
        .hasMessageContaining("meshgateways (mgw)");
  }

  /** The help footer is a compile-time constant; this keeps it in step with the model. */
  @Test
  void helpTextListsTheKindsOfTheModel() {
    assertThat(KindArgument.HELP).isEqualTo(KindArgument.known());
  }

  @Test
  void legacyKindsNameTheirMeshReplacement() {
    assertThat(KindArgument.deprecation(ResourceKind.TIMEOUT)).hasValue("Timeout is deprecated; use MeshTimeout");
    assertThat(KindArgument.deprecation(ResourceKind.FAULT_INJECTION))
        .hasValue("FaultInjection is deprecated; use MeshFaultInjection");
    assertThat(KindArgument.deprecation(ResourceKind.TRAFFIC_PERMISSION)).isEmpty();
    assertThat(KindArgument.deprecation(ResourceKind.MESH_TIMEOUT)).isEmpty();
  }

  @Test
  void displayNameIsLowercaseTypeSlashName() {
    assertThat(KindArgument.display(ResourceKind.MESH_GATEWAY, "edge-gateway")).isEqualTo("meshgateway/edge-gateway");
  }
}
