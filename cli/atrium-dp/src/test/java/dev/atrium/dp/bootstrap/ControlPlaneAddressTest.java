package dev.atrium.dp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.dp.AgentException;
import org.junit.jupiter.api.Test;

class ControlPlaneAddressTest {

  @Test
  void buildsTheBootstrapAndDeregistrationUrls() {
    ControlPlaneAddress cp = ControlPlaneAddress.parse("http://127.0.0.1:5678/");

    assertThat(cp.bootstrapUri()).hasToString("http://127.0.0.1:5678/bootstrap");
    assertThat(cp.dataplaneUri("default", "gateway-instance-1"))
        .hasToString("http://127.0.0.1:5678/dataplanes/default/gateway-instance-1");
  }

  @Test
  void keepsABasePath() {
    assertThat(ControlPlaneAddress.parse("https://cp.example.com:5678/atrium").bootstrapUri())
        .hasToString("https://cp.example.com:5678/atrium/bootstrap");
  }

  @Test
  void escapesNamesInThePath() {
    assertThat(ControlPlaneAddress.parse("http://cp:5678").dataplaneUri("my mesh", "a/b"))
        .hasToString("http://cp:5678/dataplanes/my%20mesh/a%2Fb");
  }

  @Test
  void acceptsOnlyHttpAndHttps() {
    assertThatThrownBy(() -> ControlPlaneAddress.parse("grpc://127.0.0.1:5678"))
        .isInstanceOf(AgentException.class).hasMessageContaining("must be an http:// or https:// URL");
    assertThatThrownBy(() -> ControlPlaneAddress.parse("127.0.0.1:5678"))
        .isInstanceOf(AgentException.class).hasMessageContaining("must be an http:// or https:// URL");
  }
}
