package dev.atrium.dp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.dp.AgentException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The 200 answer of POST /bootstrap, as Kuma's control plane writes it. */
class BootstrapResponseTest {

  @Test
  void decodesTheBase64Yaml() {
    String yaml = "node:\n  id: default.gw\nadmin:\n  address: {socket_address: {address: 127.0.0.1, port_value: 9901}}\n";
    String body = "{\"bootstrap\":\"" + Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8))
        + "\",\"kumaSidecarConfiguration\":{\"networking\":{\"address\":\"127.0.0.1\"},\"metrics\":{\"aggregate\":[]}}}";

    assertThat(BootstrapClient.decode(body)).isEqualTo(yaml);
  }

  @Test
  void rejectsAnswersWithoutABootstrap() {
    assertThatThrownBy(() -> BootstrapClient.decode("{\"other\":1}"))
        .isInstanceOf(AgentException.class).hasMessageContaining("has no \"bootstrap\" field");
    assertThatThrownBy(() -> BootstrapClient.decode("admin: {}"))
        .isInstanceOf(AgentException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> BootstrapClient.decode("{\"bootstrap\":\"***\"}"))
        .isInstanceOf(AgentException.class).hasMessageContaining("not base64");
  }
}
