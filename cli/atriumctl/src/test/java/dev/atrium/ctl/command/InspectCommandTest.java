package dev.atrium.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.model.ResourceKind;
import java.util.List;
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

  @Test
  void meshgatewayTakesAName() {
    for (String kind : List.of("meshgateway", "meshgateways", "mgw", "MeshGateway")) {
      InspectCommand c = parse("inspect", kind, "edge", "-m", "demo", "-o", "yaml");
      assertThat(c.name).isEqualTo("edge");
      assertThat(c.mesh).isEqualTo("demo");
      assertThat(KindArgument.resolve(c.kindName)).isEqualTo(ResourceKind.MESH_GATEWAY);
    }
  }
}
