package dev.atrium.metrics.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlPlaneTargetsTest {

  @Test
  void aWrongEntryNamesTheSettingAndItsPosition() {
    assertThatThrownBy(() -> ControlPlaneTargets.parse(List.of("xds-server=127.0.0.1:5678", "store")))
        .hasMessage("atrium.metrics.control-plane-targets (ATRIUM_METRICS_CONTROL_PLANE_TARGETS)[1]: "
            + "\"store\": no component name before '=' (expected component=host:port[/path])");
  }

  @Test
  void everyEntryInOrder() {
    assertThat(ControlPlaneTargets.parse(List.of("resource-store=127.0.0.1:5681", "metrics=127.0.0.1:5680")))
        .extracting(t -> t.component()).containsExactly("resource-store", "metrics");
  }
}
