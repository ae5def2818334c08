package dev.atrium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** atriumctl against the real store: the seeds apply verbatim and read back equal; errors are clear. */
class AtriumctlE2ETest extends WithStore {
  static final List<String> SEEDS = Seeds.FILES;


  @ParameterizedTest
  @FieldSource("SEEDS")
  void seedAppliesVerbatimAndReadsBackEqual(String file) throws Exception {
    Path seed = RepoPaths.root().resolve("libs/testing/src/main/resources/seeds").resolve(file);
    Atriumctl.Result apply = Atriumctl.run(store.apiUrl(), "apply", "-f", seed.toString());
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();

    for (Resource sent : ResourceCodec.decodeAll(Files.readString(seed))) {
      assertThat(apply.stdout()).contains(sent.kind().typeName().toLowerCase() + "/" + sent.name());
      Atriumctl.Result get = Atriumctl.run(store.apiUrl(), "get", sent.kind().collection(), sent.name(),
          "--mesh", sent.mesh(), "-o", "yaml");
      assertThat(get.exitCode()).as(get.stderr()).isZero();
      Resource stored = ResourceCodec.decode(get.stdout());
      assertThat(stored.name()).isEqualTo(sent.name());
      assertThat(stored.mesh()).isEqualTo(sent.mesh());
      assertThat(ZoneTag.checkedAndRemoved(stored, "default").spec()).isEqualTo(sent.spec());
    }
  }

  @Test
  void tableListsTheGatewayAndDeleteRemovesIt() {
    Path seed = RepoPaths.root().resolve("libs/testing/src/main/resources/seeds/meshgateway-edge-gateway.yaml");
    assertThat(Atriumctl.run(store.apiUrl(), "apply", "-f", seed.toString()).exitCode()).isZero();
    Atriumctl.Result table = Atriumctl.run(store.apiUrl(), "get", "meshgateways");
    assertThat(table.stdout()).contains("MESH").contains("NAME").contains("edge-gateway").contains("HTTP:8080/foo.example.com");

    assertThat(Atriumctl.run(store.apiUrl(), "delete", "meshgateway", "edge-gateway").exitCode()).isZero();
    Atriumctl.Result gone = Atriumctl.run(store.apiUrl(), "get", "meshgateway", "edge-gateway");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.stderr()).contains("not found");
  }

  @Test
  void unreachableServerIsAClearErrorNotAStackTrace() {
    Atriumctl.Result r = Atriumctl.run("http://127.0.0.1:1", "get", "meshes");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("cannot reach").doesNotContain("Exception");
  }
}
