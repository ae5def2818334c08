package dev.atrium.webhook.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.Golden;
import dev.atrium.webhook.GoldenCases;
import dev.atrium.webhook.admission.Verdict;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Service in, JSON Patch out: every case in {@code src/test/resources/service}; an annotated Service
 * annotated again (its UPDATE) must change nothing.
 */
class ServiceAnnotatorGoldenTest {
  private final ServiceAnnotator annotator = new ServiceAnnotator();

  static Stream<Path> cases() {
    return GoldenCases.inputs("service").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void annotates(Path input) {
    JsonNode c = GoldenCases.read(input);
    JsonNode service = c.path("service");
    Verdict verdict = annotator.annotate(service, GoldenCases.namespace(c));

    Golden.assertMatches(GoldenCases.output(input), GoldenCases.render(service, verdict));

    JsonNode updated = GoldenCases.applied(service, verdict);
    assertThat(annotator.annotate(updated, GoldenCases.namespace(c))).as("annotating twice").isInstanceOf(Verdict.Allow.class);
  }
}
