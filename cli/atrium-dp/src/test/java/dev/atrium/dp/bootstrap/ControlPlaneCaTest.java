package dev.atrium.dp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.dp.AgentException;
import dev.atrium.dp.envoy.EnvoyVersion;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ca-cert-file}: what an operator sees for each wrong file, and what the bootstrap request carries. */
class ControlPlaneCaTest {
  @TempDir
  Path tmp;

  @Test
  void aMissingFileIsNamedWithTheReason() {
    Path missing = tmp.resolve("nope.crt");
    assertThatThrownBy(() -> ControlPlaneCa.read(missing)).isInstanceOf(AgentException.class)
        .hasMessage("Error: --ca-cert-file " + missing + " cannot be read: no such file");
  }

  @Test
  void aFileWithoutAPemCertificateIsRefused() throws Exception {
    Path key = Files.writeString(tmp.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> ControlPlaneCa.read(key)).isInstanceOf(AgentException.class)
        .hasMessageContaining("--ca-cert-file " + key + " is not a PEM certificate");
  }

  @Test
  void aCertificateThatIsNotACaIsRefusedInKumasWords() throws Exception {
    Path leaf = resource("not-a-ca.crt");
    assertThatThrownBy(() -> ControlPlaneCa.read(leaf)).isInstanceOf(AgentException.class)
        .hasMessageContaining("--ca-cert-file " + leaf + " (subject \"CN=test-leaf\")")
        .hasMessageContaining("A data plane proxy is trying to verify the control plane using the certificate which is "
            + "not a certificate authority (basic constraint 'CA' is set to 'false').")
        .hasMessageContaining("via KUMA_CONTROL_PLANE_CA_CERT_FILE");
  }

  @Test
  void aCaGoesIntoTheBootstrapRequestAsCaCert() throws Exception {
    ControlPlaneCa ca = ControlPlaneCa.read(resource("ca.crt"));
    String json = ca.requestJson(new BootstrapRequestBody("default", "dp-1", null, "0.1.0",
        new EnvoyVersion("1.40.0", null), false, tmp, 9901));

    var tree = new ObjectMapper().readTree(json);
    assertThat(tree.get("caCert").asText()).isEqualTo(Files.readString(resource("ca.crt")));
    assertThat(tree.has("systemCaPath")).isFalse();
    assertThat(tree.get("name").asText()).isEqualTo("dp-1");
  }

  @Test
  void withoutACaFileEnvoyIsToldWhereTheSystemsCasAre() throws Exception {
    String json = ControlPlaneCa.system().requestJson(new BootstrapRequestBody("default", "dp-1", null, "0.1.0",
        new EnvoyVersion("1.40.0", null), false, tmp, 9901));

    var tree = new ObjectMapper().readTree(json);
    assertThat(tree.has("caCert")).isFalse();
    assertThat(tree.path("systemCaPath").asText(null)).isEqualTo(ControlPlaneCa.systemCaPath());
  }

  @Test
  void theCaPemFromTheEnvironmentGoesIntoTheBootstrapRequest() throws Exception {
    String pem = Files.readString(resource("ca.crt"));
    ControlPlaneCa ca = ControlPlaneCa.of(null, pem);

    assertThat(ca.isSystem()).isFalse();
    String json = ca.requestJson(new BootstrapRequestBody("default", "dp-1", null, "0.1.0",
        new EnvoyVersion("1.40.0", null), false, tmp, 9901));
    assertThat(new ObjectMapper().readTree(json).get("caCert").asText()).isEqualTo(pem);
  }

  @Test
  void aCaFileWinsOverTheCaPemFromTheEnvironment() throws Exception {
    ControlPlaneCa ca = ControlPlaneCa.of(resource("ca.crt"), "not used");

    assertThat(ca.source()).isEqualTo(resource("ca.crt").toString());
    assertThat(ca.pem()).isEqualTo(Files.readString(resource("ca.crt")));
  }

  @Test
  void aCaPemFromTheEnvironmentThatIsNoCertificateIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> ControlPlaneCa.of(null, "garbage")).isInstanceOf(AgentException.class)
        .hasMessageContaining("Error: KUMA_CONTROL_PLANE_CA_CERT is not a PEM certificate");
  }

  @Test
  void neitherAFileNorAPemMeansTheSystemsCas() {
    assertThat(ControlPlaneCa.of(null, null).isSystem()).isTrue();
    assertThat(ControlPlaneCa.of(null, " ").isSystem()).isTrue();
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ControlPlaneCaTest.class.getResource("/tls/" + name).toURI());
  }
}
