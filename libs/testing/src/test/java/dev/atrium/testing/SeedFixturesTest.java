package dev.atrium.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture under resources/seeds is still a byte-for-byte copy of an example in ../shared/seeds. */
class SeedFixturesTest {
  static List<String> fixtures() {
    List<String> all = new ArrayList<>(Seeds.FILES);
    all.addAll(Seeds.KUBERNETES_OBJECTS);
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void occursVerbatimInTheSeeds(String file) {
    assertThat(Seeds.sharedSeedsText()).as(file).contains(Seeds.read(file));
  }
}
