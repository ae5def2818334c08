package dev.atrium.dp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.dp.AgentException;
import org.junit.jupiter.api.Test;

class ControlPlaneAddressTest {

  @Test
  void buildsTheBootstrapAndDeregistrationUrls() {
    ControlPlaneAddress cp = ControlPlaneAddress.parse("https://127.0.0.1:5678/");

    assertThat(cp.bootstrapUri()).hasToString("https://127.0.0.1:5678/bootstrap");
    assertThat(cp.dataplaneUri("default", "gateway-instance-1"))
        .hasToString("https://127.0.0.1:5678/dataplanes/default/gateway-instance-1");
  }

  @Test
  void keepsABasePath() {
    assertThat(ControlPlaneAddress.parse("https://cp.example.com:5678/atrium").bootstrapUri())
        .hasToString("https://cp.example.com:5678/atrium/bootstrap");
  }

  @Test
  void escapesNamesInThePath() {
    assertThat(ControlPlaneAddress.parse("https://cp:5678").dataplaneUri("my mesh", "a/b"))
        .hasToString("https://cp:5678/dataplanes/my%20mesh/a%2Fb");
  }

  @Test
  void acceptsOnlyHttps() {
    assertThatThrownBy(() -> ControlPlaneAddress.parse("grpc://127.0.0.1:5678"))
        .isInstanceOf(AgentException.class).hasMessageContaining("must be an https:// URL");
    assertThatThrownBy(() -> ControlPlaneAddress.parse("127.0.0.1:5678"))
        .isInstanceOf(AgentException.class).hasMessageContaining("must be an https:// URL");
  }

  @Test
  void refusesPlainHttpSayingTheControlPlaneServesHttps() {
    assertThatThrownBy(() -> ControlPlaneAddress.parse("http://127.0.0.1:5678/"))
        .isInstanceOf(AgentException.class)
        .hasMessage("Error: --cp-address http://127.0.0.1:5678/: the control plane serves HTTPS only; use "
            + "https://127.0.0.1:5678/ with --ca-cert-file=FILE (the certificate file the xds-server logs at start)");
  }

  @Test
  void theHostIsWhatTheCertificateMustName() {
    assertThat(ControlPlaneAddress.parse("https://localhost:5678/").host()).isEqualTo("localhost");
    assertThat(ControlPlaneAddress.parse("https://[::1]:5678").host()).isEqualTo("::1");
  }
}
