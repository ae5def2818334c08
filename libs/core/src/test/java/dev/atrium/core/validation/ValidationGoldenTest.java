package dev.atrium.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.testing.Golden;
import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden validation suite: every {@code NNN-name.in.yaml} under {@code src/test/resources/validation}
 * is an invalid resource (first line: a comment naming the rule it breaks), and
 * {@code NNN-name.violations.yaml} lists exactly what the codec and the Validator report for it.
 * Regenerate with {@code UPDATE_GOLDEN_FILES=true mvn -o test -pl libs/core}, then read every diff.
 */
class ValidationGoldenTest {

  static final Path DIR = RepoPaths.root().resolve("libs/core/src/test/resources/validation");
  private static final String IN = ".in.yaml";
  private static final String OUT = ".violations.yaml";

  /** No secret exists: a certificate given as {@code secret:} is reported as missing. */
  private static final Validator VALIDATOR = new Validator((mesh, name) -> Optional.empty());

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      List<String> names = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(IN))
          .map(n -> n.substring(0, n.length() - IN.length()))
          .sorted()
          .toList();
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactlyTheRecordedViolations(String name) throws IOException {
    String input = Files.readString(DIR.resolve(name + IN), StandardCharsets.UTF_8);
    assertThat(input).as("first line says which rule the case breaks").startsWith("# ");
    List<Violation> violations = violationsOf(input);
    assertThat(violations).as("a golden case must be invalid").isNotEmpty();
    String rendered = render(input.lines().findFirst().orElseThrow(), violations);
    assertThat(parse(rendered)).as("the rendering is YAML that reads back the same").isEqualTo(violations);
    Golden.assertMatches(DIR.resolve(name + OUT), rendered);
  }

  @Test
  void everyExpectationHasItsInputAndThereAreEnoughCases() throws IOException {
    List<String> cases = cases().toList();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(125);
    try (Stream<Path> files = Files.list(DIR)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(OUT))
          .forEach(n -> assertThat(cases).as("orphan expectation " + n).contains(n.substring(0, n.length() - OUT.length())));
    }
    assertThat(cases).allMatch(c -> c.matches("\\d{3}-[a-z0-9-]+"), "named NNN-short-name");
  }

  /** Shape errors from the codec count as violations, as they do for the REST API. */
  static List<Violation> violationsOf(String text) {
    try {
      return VALIDATOR.validate(ResourceCodec.decode(text));
    } catch (InvalidResourceException e) {
      return e.violations();
    }
  }

  static String render(String commentLine, List<Violation> violations) {
    StringBuilder sb = new StringBuilder(commentLine).append('\n');
    for (Violation v : violations) {
      sb.append("- field: ").append(scalar(v.field())).append('\n');
      sb.append("  message: ").append(scalar(v.message())).append('\n');
    }
    return sb.toString();
  }

  private static final Pattern PLAIN_START = Pattern.compile("^[A-Za-z0-9_./(]");
  private static final Pattern LOOKS_TYPED = Pattern.compile("^(true|false|null|~|[-+]?[0-9.]+)$");

  /** A YAML scalar, left plain when that reads unambiguously as the same string, otherwise single-quoted. */
  private static String scalar(String s) {
    boolean plain = !s.isEmpty() && PLAIN_START.matcher(s).find() && !LOOKS_TYPED.matcher(s).matches()
        && !s.contains(": ") && !s.contains(" #") && !s.endsWith(":") && s.strip().equals(s);
    return plain ? s : "'" + s.replace("'", "''") + "'";
  }

  private static List<Violation> parse(String yaml) throws IOException {
    List<Map<String, String>> items = Mappers.YAML.readValue(yaml, new TypeReference<>() {});
    return items.stream().map(m -> new Violation(m.get("field"), m.get("message"))).toList();
  }
}
