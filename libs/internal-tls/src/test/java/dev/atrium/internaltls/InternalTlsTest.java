package dev.atrium.internaltls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalTlsTest {
  @TempDir
  Path dir;

  @Test
  void aServiceWithoutItsFilesIsToldWhichSettingIsMissing() {
    InternalTls tls = InternalTls.read(props(Map.of()));

    assertThat(tls.enabled()).isTrue();
    assertThatThrownBy(tls::requireUsable)
        .isInstanceOf(InternalTlsException.class)
        .hasMessageContaining("ATRIUM_INTERNAL_CA_FILE is not set")
        .hasMessageContaining("ATRIUM_INTERNAL_TLS_CERT_FILE is not set")
        .hasMessageContaining("ATRIUM_INTERNAL_TLS_KEY_FILE is not set")
        .hasMessageContaining("ATRIUM_INTERNAL_TLS=disabled for development only");
  }

  @Test
  void aFileThatDoesNotExistIsNamedWithItsPath() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
    Path cert = Files.writeString(dir.resolve("tls.crt"), "x");
    InternalTls tls = InternalTls.read(props(Map.of(InternalTls.CA_PROPERTY, ca.toString(),
        InternalTls.CERT_PROPERTY, cert.toString(), InternalTls.KEY_PROPERTY, dir.resolve("gone.key").toString())));

    assertThatThrownBy(tls::requireUsable)
        .hasMessageStartingWith("ATRIUM_INTERNAL_TLS_KEY_FILE=" + dir.resolve("gone.key") + " does not exist")
        .hasMessageNotContaining("ATRIUM_INTERNAL_CA_FILE is not set");
  }

  @Test
  void onlyAnExplicitDisabledTurnsItOff() {
    InternalTls off = InternalTls.read(props(Map.of(InternalTls.MODE_PROPERTY, "disabled")));
    assertThat(off.enabled()).isFalse();
    assertThat(off.requireUsable()).isSameAs(off);
    assertThat(off.describe()).contains("PLAINTEXT", "for development only");

    assertThatThrownBy(() -> InternalTls.read(props(Map.of(InternalTls.MODE_PROPERTY, "off"))))
        .hasMessage("ATRIUM_INTERNAL_TLS=off is not a mode: use enabled (the default) or disabled"
            + " (plaintext between Atrium's services, for development only)");
  }

  private static java.util.function.Function<String, Optional<String>> props(Map<String, String> values) {
    return name -> Optional.ofNullable(values.get(name));
  }
}
