package dev.atrium.webhook.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which Dataplane changes make the controller revisit every Pod of the mesh: only those that can change
 * someone's outbounds. A Pod added to a ClusterIP Service must not (it reaches the others through EDS,
 * and a rolling update of N Pods would otherwise queue N × all Pods).
 */
class ServiceOutboundsTest {
  static DataplaneSpec dataplane(String address, String service, String state) {
    return ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: x
        networking:
          address: %s
          inbound:
          - port: 8080
            state: %s
            tags:
              kuma.io/service: %s
        """.formatted(address, state, service)).specAs(DataplaneSpec.class);
  }

  @Test
  void aNewServiceOrOneGoneChangesOutbounds() {
    DataplaneSpec echo = dataplane("10.244.2.5", "echo_demo_svc_80", "Ready");
    assertThat(ServiceOutbounds.changesOutbounds(null, echo, svc -> false)).isTrue();
    assertThat(ServiceOutbounds.changesOutbounds(echo, null, svc -> false)).isTrue();
    assertThat(ServiceOutbounds.changesOutbounds(echo, dataplane("10.244.2.5", "other_demo_svc_80", "Ready"), svc -> false))
        .isTrue();
  }

  @Test
  void anEndpointMovingOnlyMattersForHeadlessServices() {
    DataplaneSpec before = dataplane("10.244.2.5", "echo_demo_svc_80", "Ready");
    DataplaneSpec moved = dataplane("10.244.9.9", "echo_demo_svc_80", "Ready");
    assertThat(ServiceOutbounds.changesOutbounds(before, moved, svc -> false)).as("ClusterIP Service").isFalse();
    assertThat(ServiceOutbounds.changesOutbounds(before, moved, svc -> true)).as("headless Service").isTrue();
  }

  @Test
  void readinessDoesNotButIgnoredDoes() {
    DataplaneSpec ready = dataplane("10.244.2.5", "echo_demo_svc_80", "Ready");
    assertThat(ServiceOutbounds.changesOutbounds(ready, dataplane("10.244.2.5", "echo_demo_svc_80", "NotReady"), svc -> true))
        .isFalse();
    assertThat(ServiceOutbounds.changesOutbounds(ready, dataplane("10.244.2.5", "echo_demo_svc_80", "Ignored"), svc -> false))
        .isTrue();
  }

  @Test
  void onlyKumasKubernetesServiceNamesNameAService() {
    assertThat(ServiceOutbounds.parse("echo_demo_svc_80")).contains(new ServiceOutbounds.ServiceRef("echo", "demo", 80));
    assertThat(ServiceOutbounds.parse("batch_demo_svc")).isEmpty();
    assertThat(ServiceOutbounds.parse("backend")).isEqualTo(Optional.empty());
    assertThat(ServiceOutbounds.parse("echo_demo_svc_http")).isEmpty();
    assertThat(ServiceOutbounds.parse("echo_demo_svc_70000")).isEmpty();
  }
}
