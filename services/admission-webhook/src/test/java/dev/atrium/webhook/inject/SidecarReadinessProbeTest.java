package dev.atrium.webhook.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kubelet probes the Pod's IP, where Envoy's admin (127.0.0.1) never answers: the sidecar's probe
 * must ask atrium-dp's readiness port, the one atrium-dp is told to serve, and that port must not be
 * redirected into Envoy. Ports other than the defaults, so a mix-up of the two cannot pass unseen.
 */
class SidecarReadinessProbeTest {
  private static final InjectionSettings SETTINGS = new InjectionSettings("atrium/atrium-dp:test",
      "kumahq/kuma-init:test", "https://atrium-xds-server.atrium-system.svc:5678", false, 5678, 19901, 19902, 15006,
      15001, "50m", "64Mi", "1000m", "512Mi", java.util.Optional.empty());

  @Test
  void theProbeAsksTheReadinessPortAtriumDpServes() {
    ObjectNode sidecar = SidecarContainers.sidecar(SETTINGS, "default", true, false, java.util.Optional.empty());

    assertThat(strings(sidecar.path("args"))).containsExactly("run", "--admin-port=19901", "--readiness-port=19902");
    assertThat(sidecar.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
    assertThat(sidecar.at("/readinessProbe/httpGet/port").asInt()).isEqualTo(19902);
  }

  @Test
  void theReadinessPortIsLeftOutOfInboundRedirection() {
    assertThat(strings(SidecarContainers.init(SETTINGS, false, true).path("args")))
        .contains("--redirect-inbound-port=15006", "--exclude-inbound-ports=19902");
    // A delegated gateway's inbound traffic is not redirected at all.
    assertThat(strings(SidecarContainers.init(SETTINGS, true, true).path("args")))
        .contains("--redirect-inbound=false").noneMatch(a -> a.startsWith("--exclude-inbound-ports"));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(a -> out.add(a.asText()));
    return out;
  }
}
