package dev.atrium.dp.envoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.dp.AgentException;
import org.junit.jupiter.api.Test;

class EnvoyVersionTest {

  @Test
  void readsTheReleaseOutOfEnvoysBuildString() {
    EnvoyVersion v = EnvoyVersion.parse("\n/usr/local/bin/envoy  version: "
        + "9e5580933739775e8bce696a57a2e1bc99368f23/1.40.0/Clean/RELEASE/BoringSSL\n\n");

    assertThat(v.version()).isEqualTo("1.40.0");
    assertThat(v.build()).isEqualTo("9e5580933739775e8bce696a57a2e1bc99368f23/1.40.0/Clean/RELEASE/BoringSSL");
  }

  @Test
  void keepsAPreReleaseSuffix() {
    assertThat(EnvoyVersion.parse("envoy  version: abc/1.41.0-dev/Modified/DEBUG/BoringSSL").version())
        .isEqualTo("1.41.0-dev");
  }

  @Test
  void somethingElseIsAnError() {
    assertThatThrownBy(() -> EnvoyVersion.parse("usage: envoy [options]"))
        .isInstanceOf(AgentException.class).hasMessageContaining("not an Envoy version string");
  }
}
