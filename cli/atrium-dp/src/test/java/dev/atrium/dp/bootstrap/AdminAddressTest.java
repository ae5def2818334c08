package dev.atrium.dp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AdminAddressTest {
  @Test
  void theBootstrapsAdminWinsOverThePortAskedFor() {
    // The control plane let the Dataplane's networking.admin.port win over --admin-port 9901.
    InetSocketAddress admin = AdminAddress.of("""
        node: {id: default.web-0.demo}
        admin:
          address:
            socket_address: {address: 127.0.0.1, port_value: 19001}
        """, 9901);

    assertThat(admin.getHostString()).isEqualTo("127.0.0.1");
    assertThat(admin.getPort()).isEqualTo(19001);
  }

  @Test
  void aBootstrapWithoutAdminMeansLoopbackAndThePortAskedFor() {
    InetSocketAddress admin = AdminAddress.of("node: {id: default.gw}\n", 9901);

    assertThat(admin.getHostString()).isEqualTo("127.0.0.1");
    assertThat(admin.getPort()).isEqualTo(9901);
  }
}
