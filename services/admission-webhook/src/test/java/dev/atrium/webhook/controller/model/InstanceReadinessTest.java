package dev.atrium.webhook.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus.Condition;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus.ConditionStatus;
import dev.atrium.testing.Seeds;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Ready condition says why an instance is not ready, in Kuma's order, and keeps its transition time. */
class InstanceReadinessTest {
  static final GatewayInstance SEED = GatewayInstance.of(ResourceCodec.decode(
      Seeds.read("meshgatewayinstance-edge-gateway.k8s.yaml"))).orElseThrow();
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void theSeedIsAnInstanceInTheDefaultNamespaceAndMesh() {
    assertThat(SEED.namespace()).isEqualTo("default");
    assertThat(SEED.name()).isEqualTo("edge-gateway");
    assertThat(SEED.mesh()).isEqualTo("default");
    assertThat(SEED.tags()).containsEntry("kuma.io/service", "edge-gateway");
  }

  @Test
  void deploymentNotAvailableCountsReplicas() {
    InstanceReadiness.Readiness r = InstanceReadiness.of(SEED, deployment(0, "MinimumReplicasUnavailable"), lb(null));
    assertThat(r.status()).isEqualTo(ConditionStatus.False);
    assertThat(r.reason()).isEqualTo("DeploymentNotAvailable");
    assertThat(r.message()).isEqualTo("Deployment edge-gateway: 0/1 replicas available "
        + "(MinimumReplicasUnavailable: Deployment does not have minimum availability.)");
    assertThat(InstanceReadiness.of(SEED, null, null).message()).isEqualTo("Deployment edge-gateway: 0/1 replicas available");
  }

  @Test
  void aLoadBalancerWithoutAddressIsNotReady() {
    InstanceReadiness.Readiness r = InstanceReadiness.of(SEED, deployment(1, null), lb(null));
    assertThat(r.reason()).isEqualTo("LoadBalancerAddressNotReady");
    assertThat(r.message()).isEqualTo("Service edge-gateway (LoadBalancer) has no load-balancer address yet");
  }

  @Test
  void readyOnceReplicasAndAddressAreThere() {
    InstanceReadiness.Readiness r = InstanceReadiness.of(SEED, deployment(1, null), lb("203.0.113.7"));
    assertThat(r.status()).isEqualTo(ConditionStatus.True);
    assertThat(r.reason()).isEqualTo("Ready");
    assertThat(r.message()).isEqualTo("1/1 replicas available; Service edge-gateway (LoadBalancer) at 203.0.113.7");
    MeshGatewayInstanceStatus status = InstanceReadiness.status(r, null, 3L, lb("203.0.113.7"), T0);
    assertThat(status.loadBalancer().ingress()).extracting(MeshGatewayInstanceStatus.LoadBalancerIngress::ip)
        .containsExactly("203.0.113.7");
    assertThat(status.conditions()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo("Ready");
      assertThat(c.observedGeneration()).isEqualTo(3L);
      assertThat(c.lastTransitionTime()).isEqualTo("2026-01-02T03:04:05Z");
    });
  }

  @Test
  void transitionTimeMovesOnlyWhenTheStatusChanges() {
    InstanceReadiness.Readiness notReady = InstanceReadiness.of(SEED, null, null);
    MeshGatewayInstanceStatus first = InstanceReadiness.status(notReady, null, 1L, null, T0);
    Condition other = new Condition("Programmed", ConditionStatus.True, 1L, "2025-01-01T00:00:00Z", "Done", "");
    MeshGatewayInstanceStatus withOther = new MeshGatewayInstanceStatus(
        List.of(other, first.conditions().get(0)), null);

    InstanceReadiness.Readiness stillNot = InstanceReadiness.of(SEED, deployment(1, null), lb(null));
    MeshGatewayInstanceStatus second = InstanceReadiness.status(stillNot, withOther, 1L, null, T0.plusSeconds(60));
    assertThat(second.conditions()).hasSize(2).contains(other);
    assertThat(second.conditions().get(1).lastTransitionTime()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(second.conditions().get(1).reason()).isEqualTo("LoadBalancerAddressNotReady");

    InstanceReadiness.Readiness ready = InstanceReadiness.of(SEED, deployment(1, null), lb("203.0.113.7"));
    MeshGatewayInstanceStatus third = InstanceReadiness.status(ready, second, 1L, lb("203.0.113.7"), T0.plusSeconds(120));
    assertThat(third.conditions().get(1).lastTransitionTime()).isEqualTo("2026-01-02T03:06:05Z");
    assertThat(InstanceReadiness.same(third, InstanceReadiness.status(ready, third, 1L, lb("203.0.113.7"), T0.plusSeconds(999))))
        .as("nothing new to write").isTrue();
    assertThat(InstanceReadiness.same(second, third)).isFalse();
  }

  @Test
  void noGatewaySaysWhichMeshAndTags() {
    assertThat(InstanceReadiness.noGateway(SEED).message())
        .isEqualTo("No MeshGateway in mesh 'default' selects the instance's tags (kuma.io/service=edge-gateway)");
  }

  private static Deployment deployment(int available, String notAvailableReason) {
    DeploymentBuilder b = new DeploymentBuilder().withNewSpec().withReplicas(1).endSpec()
        .withNewStatus().withAvailableReplicas(available).endStatus();
    if (notAvailableReason != null) {
      b.editStatus().addNewCondition().withType("Available").withStatus("False").withReason(notAvailableReason)
          .withMessage("Deployment does not have minimum availability.").endCondition().endStatus();
    }
    return b.build();
  }

  private static Service lb(String ip) {
    ServiceBuilder b = new ServiceBuilder().withNewSpec().withType("LoadBalancer").withClusterIPs("10.0.0.9").endSpec();
    if (ip != null) b.withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus();
    return b.build();
  }
}
