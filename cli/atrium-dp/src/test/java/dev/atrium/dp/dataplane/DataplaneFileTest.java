package dev.atrium.dp.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.dp.AgentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataplaneFileTest {
  private static final String TEMPLATE = """
      type: Dataplane
      mesh: default
      name: {{ name }}
      networking:
        address: {{ address }}
        gateway:
          type: BUILTIN
          tags:
            kuma.io/service: edge-gateway
      """;

  @TempDir
  Path dir;

  @Test
  void readsRendersAndDecodesTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("dp.yaml"), TEMPLATE);

    Resource dp = DataplaneFile.load(file, Map.of("name", "gateway-instance-1", "address", "127.0.0.1"));

    assertThat(dp.kind()).isEqualTo(ResourceKind.DATAPLANE);
    assertThat(dp.mesh()).isEqualTo("default");
    assertThat(dp.name()).isEqualTo("gateway-instance-1");
    assertThat(dp.specAs(DataplaneSpec.class).networking().address()).isEqualTo("127.0.0.1");
    assertThat(dp.specAs(DataplaneSpec.class).isBuiltinGateway()).isTrue();
  }

  @Test
  void aDecodeErrorListsTheFieldPaths() {
    String text = """
        type: Dataplane
        mesh: default
        name: dp-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: not-a-number
              tags:
                kuma.io/service: backend
        """;

    assertThatThrownBy(() -> DataplaneFile.decode("dp.yaml", text))
        .isInstanceOfSatisfying(AgentException.class, e -> {
          assertThat(e.lines().get(0)).isEqualTo("Error: dp.yaml is not a valid Dataplane:");
          assertThat(e.lines().subList(1, e.lines().size())).anySatisfy(l -> assertThat(l).startsWith("  networking.inbound[0].port"));
        });
  }

  @Test
  void anotherKindIsRejected() {
    assertThatThrownBy(() -> DataplaneFile.decode("mesh.yaml", "type: Mesh\nname: default\n"))
        .isInstanceOf(AgentException.class)
        .hasMessage("Error: mesh.yaml holds a Mesh, not a Dataplane");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> DataplaneFile.load(dir.resolve("nope.yaml"), Map.of()))
        .isInstanceOf(AgentException.class)
        .hasMessage("Error: the Dataplane file " + dir.resolve("nope.yaml") + " does not exist");
  }
}
