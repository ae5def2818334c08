package dev.atrium.xds.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.testing.Seeds;
import dev.atrium.testing.envoy.EnvoyBinary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bootstrap a proxy starts with is accepted by a real Envoy, and names the proxy as Kuma does. */
class BootstrapGeneratorTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "delta={0}")
  @ValueSource(booleans = {false, true})
  void realEnvoyAcceptsTheBootstrap(boolean delta) throws Exception {
    Resource kong = ResourceCodec.decode(Seeds.read("dataplane-kong-01-delegated.yaml"));
    String yaml = BootstrapGenerator.generate(kong, "localhost", 5678, 19901, delta);

    assertThat(yaml).contains("id: default.kong-01").contains("cluster: kong")
        .contains(delta ? "api_type: DELTA_GRPC" : "api_type: GRPC").contains("port_value: 19901")
        .doesNotContain("set_node_on_first_message_only");
    Path file = Files.writeString(dir.resolve("bootstrap.yaml"), yaml);
    Process envoy = new ProcessBuilder(EnvoyBinary.path().toString(), "--mode", "validate", "-c", file.toString(),
        "--disable-hot-restart").redirectErrorStream(true).start();
    String out = new String(envoy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(envoy.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(envoy.exitValue()).as(out).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 15001})
  void adminPortComesFromTheDataplaneThenTheAgentThenKumasDefault(int requested) {
    Resource kong = ResourceCodec.decode(Seeds.read("dataplane-kong-01-delegated.yaml"));
    assertThat(BootstrapGenerator.adminPort(kong, requested)).isEqualTo(requested == 0 ? 9901 : requested);
    Resource withAdmin = ResourceCodec.decode(Seeds.read("dataplane-kong-01-delegated.yaml")
        .replace("networking:\n", "networking:\n  admin:\n    port: 9911\n"));
    assertThat(BootstrapGenerator.adminPort(withAdmin, requested)).isEqualTo(9911);
  }

  @Test
  void aZoneIngressGetsKumasNodeIdWithoutAMeshAndARealEnvoyAcceptsIt() throws Exception {
    Resource ingress = ResourceCodec.decode("""
        type: ZoneIngress
        name: zi-1
        networking:
          address: 127.0.0.1
          port: 10001
          admin:
            port: 9902
        """);
    assertThat(BootstrapGenerator.adminPort(ingress, 0)).isEqualTo(9902);
    String yaml = BootstrapGenerator.generate(ingress, "localhost", 5678, 9902, false);
    assertThat(yaml).contains("id: .zi-1").contains("cluster: zone-ingress");
    Path file = Files.writeString(dir.resolve("ingress.yaml"), yaml);
    Process envoy = new ProcessBuilder(EnvoyBinary.path().toString(), "--mode", "validate", "-c", file.toString(),
        "--disable-hot-restart").redirectErrorStream(true).start();
    String out = new String(envoy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(envoy.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(envoy.exitValue()).as(out).isZero();
  }
}
