package dev.atrium.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The query inspect sends, as kumactl builds it. */
class InspectCommandTest {

  private static InspectCommand parse(String... args) {
    CommandLine cl = new CommandLine(new AtriumCtl());
    CommandLine.ParseResult result = cl.parseArgs(args);
    return (InspectCommand) result.subcommand().commandSpec().userObject();
  }

  @Test
  void gatewayAndTagsBecomeKumasQueryParameters() {
    InspectCommand c = parse("inspect", "dataplanes", "--gateway", "--tag", "kuma.io/service=edge",
        "--tag", "version:v2");
    assertThat(c.query()).isEqualTo("?gateway=true&tag=kuma.io%2Fservice%3Aedge&tag=version%3Av2");
  }

  @Test
  void noFlagsNoQuery() {
    InspectCommand c = parse("inspect", "dp", "-m", "demo");
    assertThat(c.query()).isEmpty();
    assertThat(c.mesh).isEqualTo("demo");
  }

  @Test
  void aTagWithoutValueIsAUsageError() {
    InspectCommand c = parse("inspect", "dp", "--tag", "novalue");
    assertThatThrownBy(c::query).isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("KEY=VALUE");
  }
}
