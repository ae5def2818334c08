package dev.atrium.webhook.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec.AvailableService;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec.Networking;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The controller owns a ZoneIngress's networking and labels; its availableServices are the xds-server's. */
class DesiredZoneIngressTest {
  private static final Networking NET = new Networking("10.244.0.9", "203.0.113.7", 10001, 10001, null);
  private static final DesiredZoneIngress DESIRED = new DesiredZoneIngress("ingress-0.kuma-system",
      Map.of("kuma.io/origin", "zone"), new ZoneIngressSpec(null, NET, List.of()));
  private static final List<AvailableService> COUNTED =
      List.of(new AvailableService(Map.of("kuma.io/service", "echo"), 2, "default", null));

  private static Resource stored(Networking networking, Map<String, String> labels) {
    return new Resource(ResourceKind.ZONE_INGRESS, new ResourceMeta(null, "ingress-0.kuma-system", labels, null, null, 3),
        new ZoneIngressSpec(null, networking, COUNTED));
  }

  @Test
  void aWriteKeepsTheAvailableServicesTheXdsServerCounted() {
    Resource current = stored(new Networking("10.244.0.8", null, 10001, null, null), Map.of());
    ZoneIngressSpec written = DESIRED.resourceOver(current).specAs(ZoneIngressSpec.class);
    assertThat(written.networking()).isEqualTo(NET);
    assertThat(written.availableServices()).isEqualTo(COUNTED);
    assertThat(DESIRED.resourceOver(null).specAs(ZoneIngressSpec.class).availableServices()).isEmpty();
  }

  @Test
  void satisfiedByTheSameNetworkingAndLabelsWhateverTheAvailableServicesAndStoreLabels() {
    assertThat(DESIRED.satisfiedBy(stored(NET, Map.of("kuma.io/origin", "zone", "kuma.io/env", "kubernetes")))).isTrue();
    assertThat(DESIRED.satisfiedBy(stored(NET, Map.of()))).as("a label of the controller's missing").isFalse();
    assertThat(DESIRED.satisfiedBy(stored(new Networking("10.244.0.9", null, 10001, null, null), Map.of("kuma.io/origin", "zone"))))
        .as("the load balancer's address came").isFalse();
  }
}
