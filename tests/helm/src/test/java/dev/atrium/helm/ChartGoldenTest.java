package dev.atrium.helm;

import dev.atrium.testing.Golden;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * `helm template` of each value set, compared with golden/<case>.yaml. The certificate Helm generates
 * differs at every render and is masked; everything else must match byte for byte. Regenerate with
 * UPDATE_GOLDEN_FILES=true mvn -o test -pl tests/helm -Dtest=ChartGoldenTest and review the diff.
 */
class ChartGoldenTest {
  private static Helm helm;

  @BeforeAll
  static void locate() {
    helm = Helm.locate();
  }

  @AfterAll
  static void clean() {
    helm.close();
  }

  @ParameterizedTest
  @EnumSource(ChartCases.class)
  void renderMatchesGolden(ChartCases c) {
    Golden.assertMatches(c.golden(), Manifests.maskGenerated(helm.renderOk(c.valuesFiles())));
  }
}
