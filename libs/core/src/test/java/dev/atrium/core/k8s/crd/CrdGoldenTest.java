package dev.atrium.core.k8s.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.testing.Golden;
import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CRDs in deploy/k8s/crds ARE the generator's output: a model change that is not regenerated fails
 * here ({@code UPDATE_GOLDEN_FILES=true mvn -o test -pl libs/core -Dtest=CrdGoldenTest} rewrites them).
 */
class CrdGoldenTest {
  static final Path DIR = RepoPaths.root().resolve("deploy/k8s/crds");

  @ParameterizedTest
  @EnumSource(CrdKind.class)
  void crdFileIsTheGeneratorsOutput(CrdKind crd) {
    Golden.assertMatches(DIR.resolve(CrdGenerator.fileName(crd)), CrdGenerator.toYaml(crd));
  }

  @Test
  void everyKindButTheSecretsHasACrdAndNoOtherFileLiesThere() throws IOException {
    List<ResourceKind> withCrd = Arrays.stream(CrdKind.values()).map(CrdKind::kind).toList();
    assertThat(withCrd).doesNotHaveDuplicates()
        .containsExactlyInAnyOrder(Arrays.stream(ResourceKind.values()).filter(k -> k != ResourceKind.SECRET && k != ResourceKind.GLOBAL_SECRET).toArray(ResourceKind[]::new));
    try (Stream<Path> files = Files.list(DIR)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml")))
          .as("a file in deploy/k8s/crds that no kind generates (a removed kind?)")
          .containsExactlyInAnyOrderElementsOf(Arrays.stream(CrdKind.values()).map(CrdGenerator::fileName).toList());
    }
  }

  @Test
  void everyDescriptionNamesAComponentOfTheModel() {
    for (String key : FieldDescriptions.keys()) {
      int dot = key.lastIndexOf('.');
      String owner = key.substring(0, dot);
      String component = key.substring(dot + 1);
      assertThat(ModelTypes.records()).as(key)
          .anySatisfy(c -> {
            assertThat(FieldDescriptions.key(c)).isEqualTo(owner);
            assertThat(c.getRecordComponents()).extracting(java.lang.reflect.RecordComponent::getName).contains(component);
          });
    }
  }
}
