package dev.atrium.webhook.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.webhook.metadata.ProxyCredentials.ControlPlaneCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atrium.webhook.control-plane-ca-file}: what the webhook hands to proxies, and what stops it at start. */
class ControlPlaneCaFileTest {
  private static final String PROPERTY = "atrium.webhook.control-plane-ca-file";

  @TempDir
  Path tmp;

  @Test
  void noFileMeansNoCaForTheProxies() {
    assertThat(ControlPlaneCa.fromFile(Optional.empty(), PROPERTY)).isEmpty();
    assertThat(ControlPlaneCa.fromFile(Optional.of(" "), PROPERTY)).isEmpty();
  }

  @Test
  void theFilesPemIsWhatTheProxiesGet() throws Exception {
    Path ca = Path.of(getClass().getResource("/tls/xds-ca.crt").toURI());

    assertThat(ControlPlaneCa.fromFile(Optional.of(ca.toString()), PROPERTY)).contains(new ControlPlaneCa(Files.readString(ca)));
  }

  @Test
  void aMissingFileStopsTheStartNamingTheSettingAndTheFile() {
    Path missing = tmp.resolve("ca.crt");
    assertThatThrownBy(() -> ControlPlaneCa.fromFile(Optional.of(missing.toString()), PROPERTY))
        .hasMessage(PROPERTY + ": cannot read the control plane's CA " + missing + ": no such file");
  }

  @Test
  void aFileWithoutACertificateStopsTheStart() throws Exception {
    Path key = Files.writeString(tmp.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> ControlPlaneCa.fromFile(Optional.of(key.toString()), PROPERTY))
        .hasMessageContaining(PROPERTY + ": " + key + " is not a PEM certificate");
  }
}
