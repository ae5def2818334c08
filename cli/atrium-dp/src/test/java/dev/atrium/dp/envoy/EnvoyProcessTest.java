package dev.atrium.dp.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.envoy.EnvoyBinary;
import dev.atrium.testing.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line atrium-dp runs, against a real Envoy 1.40 with a static bootstrap. */
class EnvoyProcessTest {
  @TempDir
  Path dir;

  @Test
  void commandLine() {
    assertThat(EnvoyProcess.command(Path.of("/usr/bin/envoy"), Path.of("/w/bootstrap.yaml"))).containsExactly(
        "/usr/bin/envoy", "-c", "/w/bootstrap.yaml", "--disable-hot-restart", "--log-level", "info",
        "--drain-time-s", "5");
  }

  @Test
  void twoEnvoysRunSideBySideAndStopCleanlyOnSigterm() throws Exception {
    EnvoyProcess first = start("first");
    EnvoyProcess second = start("second");
    try {
      assertThat(first.isAlive()).isTrue();
      assertThat(second.isAlive()).isTrue();
    } finally {
      assertThat(first.stop(Duration.ofSeconds(10))).isZero();
      assertThat(second.stop(Duration.ofSeconds(10))).isZero();
    }
  }

  private EnvoyProcess start(String name) throws Exception {
    int adminPort = Ports.free();
    int listenerPort = Ports.free();
    Path work = Files.createDirectories(dir.resolve(name));
    Path bootstrap = Files.writeString(work.resolve("bootstrap.yaml"), """
        node: {id: default.%1$s, cluster: test}
        admin:
          address: {socket_address: {address: 127.0.0.1, port_value: %2$d}}
        static_resources:
          listeners:
          - name: %1$s
            address: {socket_address: {address: 127.0.0.1, port_value: %3$d}}
            filter_chains:
            - filters:
              - name: envoy.filters.network.tcp_proxy
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                  stat_prefix: %1$s
                  cluster: nowhere
          clusters:
          - name: nowhere
            type: STATIC
            load_assignment:
              cluster_name: nowhere
              endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 1}}}}]}]
        """.formatted(name, adminPort, listenerPort));
    EnvoyProcess envoy = EnvoyProcess.start(EnvoyBinary.path(), bootstrap, work,
        ProcessBuilder.Redirect.appendTo(work.resolve("envoy.log").toFile()));
    EnvoyAdmin admin = new EnvoyAdmin(adminPort);
    admin.awaitReady(Duration.ofSeconds(30));
    assertThat(admin.listenerNames()).containsExactly(name);
    assertThat(admin.clusterHosts("nowhere")).containsExactly("127.0.0.1:1");
    assertThat(admin.configDump().path("configs")).isNotEmpty();
    return envoy;
  }
}
