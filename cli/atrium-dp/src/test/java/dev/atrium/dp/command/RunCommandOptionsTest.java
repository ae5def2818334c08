package dev.atrium.dp.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** kuma-dp's flags as the seeds write them parse as atrium-dp's. */
class RunCommandOptionsTest {

  @Test
  void theSeedsCommandLineParses() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--cp-address=https://localhost:5678/", "--dns-enabled=false",
        "--dataplane-file=my-gateway.yaml");

    assertThat(run.cpAddress).isEqualTo("https://localhost:5678/");
    assertThat(run.dnsEnabled).isFalse();
    assertThat(run.dataplaneFile).isEqualTo(Path.of("my-gateway.yaml"));
  }

  @Test
  void dnsEnabledAloneMeansTrueAndTheCaFileIsKumaDpsFlag() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--dns-enabled", "--ca-cert-file", "/etc/atrium/ca.crt", "--name", "dp-1");

    assertThat(run.dnsEnabled).isTrue();
    assertThat(run.caCertFile).isEqualTo(Path.of("/etc/atrium/ca.crt"));
  }
}
