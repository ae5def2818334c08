package dev.atrium.e2e.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.envoy.EnvoyBinary;
import dev.atrium.testing.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atrium-dp run} as a real process: the ways it ends before Envoy starts. */
class AtriumDpProcessTest {
  private static final String DATAPLANE = """
      type: Dataplane
      mesh: default
      name: {{ name }}
      networking:
        address: 127.0.0.1
        gateway:
          type: BUILTIN
          tags:
            kuma.io/service: edge-gateway
      """;

  @TempDir
  Path dir;

  @Test
  void givesUpAfterTheBootstrapWindowWhenNothingListens() throws Exception {
    Path file = Files.writeString(dir.resolve("dp.yaml"), DATAPLANE);
    String cp = "https://127.0.0.1:" + Ports.free();

    AgentProcess.Result r = AgentProcess.run(Duration.ofSeconds(60), "run", "--cp-address", cp,
        "--dataplane-file", file.toString(), "--dataplane-var", "name=gw-1", "--bootstrap-timeout", "2s",
        "--envoy-binary", EnvoyBinary.path().toString(), "--work-dir", dir.resolve("work").toString());

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    // Normally 3 attempts (at 0s, 1s, 2s); fewer when a loaded machine makes the first one slow.
    assertThat(r.stderr())
        .containsPattern("Error: no bootstrap from " + cp + "/bootstrap within 2s \\([123] attempts?\\);"
            + " last problem: cannot connect \\(connection refused\\)")
        .doesNotContain("Exception");
    // The window was waited out (plus the JVM's start), and not much more.
    assertThat(r.elapsed()).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(20));
    assertThat(dir.resolve("work")).isDirectory();
    assertThat(dir.resolve("work/bootstrap.yaml")).doesNotExist();
  }

  @Test
  void anInvalidDataplaneFileIsReportedWithFieldPathsBeforeAnythingElse() throws Exception {
    Path file = Files.writeString(dir.resolve("dp.yaml"), """
        type: Dataplane
        mesh: default
        name: dp-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: eighty
              tags:
                kuma.io/service: backend
        """);

    AgentProcess.Result r = AgentProcess.run(Duration.ofSeconds(60), "run", "--cp-address", "https://127.0.0.1:1",
        "--dataplane-file", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).startsWith("Error: " + file + " is not a valid Dataplane:\n  networking.inbound[0].port");
  }

  @Test
  void anUnknownPlaceholderIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("dp.yaml"), DATAPLANE);

    AgentProcess.Result r = AgentProcess.run(Duration.ofSeconds(60), "run", "--dataplane-file", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip())
        .isEqualTo("Error: the Dataplane file uses {{ name }} but no value was given: pass --dataplane-var name=VALUE");
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() throws Exception {
    AgentProcess.Result r = AgentProcess.run(Duration.ofSeconds(60), "run");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("Missing option: give --dataplane-file=FILE");
  }
}
