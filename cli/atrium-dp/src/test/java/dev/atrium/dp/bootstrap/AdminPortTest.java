package dev.atrium.dp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import org.junit.jupiter.api.Test;

class AdminPortTest {
  private static final Resource PLAIN = ResourceCodec.decode("""
      type: Dataplane
      mesh: default
      name: gw
      networking:
        address: 127.0.0.1
        gateway:
          type: BUILTIN
          tags:
            kuma.io/service: edge-gateway
      """);
  private static final Resource WITH_ADMIN = ResourceCodec.decode("""
      type: Dataplane
      mesh: default
      name: gw
      networking:
        address: 127.0.0.1
        admin:
          port: 19001
        gateway:
          type: BUILTIN
          tags:
            kuma.io/service: edge-gateway
      """);

  @Test
  void defaultsToKumas9901() {
    assertThat(AdminPort.choose(null, PLAIN)).isEqualTo(9901);
  }

  @Test
  void takesTheDataplanesAdminPort() {
    assertThat(AdminPort.choose(null, WITH_ADMIN)).isEqualTo(19001);
  }

  @Test
  void theFlagWins() {
    assertThat(AdminPort.choose(19002, PLAIN)).isEqualTo(19002);
    assertThat(AdminPort.choose(19002, WITH_ADMIN)).isEqualTo(19002);
  }
}
