package dev.atrium.webhook.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.webhook.controller.ControllerGoldenCases;
import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A builtin gateway Pod is probed on its IP, where Envoy's admin (127.0.0.1) never answers: the probe
 * asks atrium-dp's readiness port, the one atrium-dp is told to serve. Ports other than the defaults, so
 * a mix-up of the two cannot pass unseen.
 */
class GatewayReadinessProbeTest {
  private static final GatewaySettings SETTINGS = new GatewaySettings("atrium/atrium-dp:test",
      "https://atrium-xds-server.atrium-system.svc:5678", 19901, 19902, 5678, "50m", "64Mi", "1000m", "512Mi", java.util.Optional.empty());

  @Test
  void theProbeAsksTheReadinessPortAtriumDpServes() {
    List<Resource> resources = ResourceCodec.decodeAll(ControllerGoldenCases.text(
        ControllerGoldenCases.inputs("gateway").get(0)));
    GatewayInstance instance = GatewayInstance.of(resources.stream()
        .filter(r -> r.kind() == ResourceKind.MESH_GATEWAY_INSTANCE).findFirst().orElseThrow()).orElseThrow();

    Container gateway = GatewayDeployment.desired(instance, List.of(8080), SETTINGS, Optional.empty())
        .getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(gateway.getArgs()).containsExactly("run", "--admin-port=19901", "--readiness-port=19902");
    assertThat(gateway.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
    assertThat(gateway.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(19902);
  }
}
