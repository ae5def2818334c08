package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** `helm lint` finds nothing to say, with and without --strict, for every value set. */
class ChartLintTest {
  private static Helm helm;

  @BeforeAll
  static void locate() {
    helm = Helm.locate();
  }

  @AfterAll
  static void clean() {
    helm.close();
  }

  @Test
  void lintIsClean() {
    Helm.Result r = helm.run("lint", Helm.chart().toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout()).contains("1 chart(s) linted, 0 chart(s) failed").doesNotContain("[WARNING]", "[ERROR]");
  }

  @ParameterizedTest
  @EnumSource(ChartCases.class)
  void strictLintIsCleanForEveryValueSet(ChartCases c) {
    List<String> args = new ArrayList<>(List.of("lint", Helm.chart().toString(), "--strict"));
    for (Path f : c.valuesFiles()) args.addAll(List.of("--values", f.toString()));
    Helm.Result r = helm.run(args);
    assertThat(r.exitCode()).as(r.output()).isZero();
    // Only the informational "icon is recommended" may remain.
    assertThat(r.stdout()).doesNotContain("[WARNING]", "[ERROR]");
  }
}
