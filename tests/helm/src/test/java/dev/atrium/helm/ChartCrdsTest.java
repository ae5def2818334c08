package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's crds/ is a copy of deploy/k8s/crds (which CrdGoldenTest keeps equal to the model's
 * generator output): same files, byte for byte. After a model change: cp deploy/k8s/crds/*.yaml charts/atrium/crds/
 */
class ChartCrdsTest {
  private static final Path GENERATED = RepoPaths.root().resolve("deploy/k8s/crds");
  private static final Path CHART = Helm.chart().resolve("crds");

  @Test
  void chartCrdsAreTheGeneratedOnes() throws IOException {
    List<String> generated = names(GENERATED);
    assertThat(generated).as("deploy/k8s/crds").isNotEmpty();
    assertThat(names(CHART)).as("charts/atrium/crds must hold the same files as deploy/k8s/crds; copy them with:"
        + " cp deploy/k8s/crds/*.yaml charts/atrium/crds/").isEqualTo(generated);
    for (String name : generated) {
      assertThat(Files.readString(CHART.resolve(name)))
          .as("charts/atrium/crds/%s differs from deploy/k8s/crds/%s; copy it with: cp deploy/k8s/crds/*.yaml charts/atrium/crds/", name, name)
          .isEqualTo(Files.readString(GENERATED.resolve(name)));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
