package dev.atrium.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlPlaneTargetTest {

  @Test
  void entriesWithAndWithoutAPath() {
    assertThat(ControlPlaneTarget.parse(" xds-server = 127.0.0.1:5678 "))
        .isEqualTo(new ControlPlaneTarget("xds-server", "127.0.0.1:5678", "/q/metrics"));
    assertThat(ControlPlaneTarget.parse("resource-store=atrium-resource-store.atrium-system.svc:5681/metrics"))
        .isEqualTo(new ControlPlaneTarget("resource-store", "atrium-resource-store.atrium-system.svc:5681", "/metrics"));
    assertThat(ControlPlaneTarget.parse("metrics=[::1]:5680").authority()).isEqualTo("[::1]:5680");
  }

  @Test
  void anHttpsTargetIsScrapedOverHttps() throws Exception {
    ControlPlaneTarget xds = ControlPlaneTarget.parse("xds-server=https://127.0.0.1:5678");
    assertThat(xds).isEqualTo(new ControlPlaneTarget("xds-server", "127.0.0.1:5678", "/q/metrics", "https"));

    JsonNode group = Mappers.JSON.readTree(HttpServiceDiscovery.json(List.of(), List.of(xds))).get(0);
    assertThat(group.at("/labels/__scheme__").asText()).isEqualTo("https");
    assertThat(group.at("/targets/0").asText()).isEqualTo("127.0.0.1:5678");
    assertThat(Mappers.JSON.readTree(HttpServiceDiscovery.json(List.of(),
        List.of(ControlPlaneTarget.parse("metrics=127.0.0.1:5680")))).get(0).at("/labels").has("__scheme__")).isFalse();
  }

  @Test
  void refusalsSayWhatIsWrongAndTheExpectedForm() {
    assertThatThrownBy(() -> ControlPlaneTarget.parse("127.0.0.1:5678"))
        .hasMessage("\"127.0.0.1:5678\": no component name before '=' (expected component=host:port[/path])");
    assertThatThrownBy(() -> ControlPlaneTarget.parse("Xds=127.0.0.1:5678"))
        .hasMessageContaining("the component name must be lower-case letters, digits and '-'");
    assertThatThrownBy(() -> ControlPlaneTarget.parse("xds-server=127.0.0.1"))
        .hasMessageContaining("no host:port after '='");
    assertThatThrownBy(() -> ControlPlaneTarget.parse("xds-server=host:http"))
        .hasMessageContaining("the port 'http' is not a number");
    assertThatThrownBy(() -> ControlPlaneTarget.parse("xds-server=host:70000"))
        .hasMessageContaining("the port 70000 is not between 1 and 65535");
  }

  @Test
  void controlPlaneGroupsFollowTheProxiesWithOnlyAComponentLabel() throws Exception {
    JsonNode doc = Mappers.JSON.readTree(HttpServiceDiscovery.json(List.of(),
        List.of(ControlPlaneTarget.parse("xds-server=127.0.0.1:5678"))));
    assertThat(doc).hasSize(1);
    assertThat(doc.at("/0/targets/0").asText()).isEqualTo("127.0.0.1:5678");
    assertThat(doc.at("/0/labels").toString()).isEqualTo("{\"__metrics_path__\":\"/q/metrics\",\"component\":\"xds-server\"}");
  }
}
