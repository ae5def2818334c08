package dev.atrium.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.testing.Seeds;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The seeds' YAML examples are valid resources. */
class SeedValidationTest {

  static final List<String> SEEDS = Seeds.FILES;

  private final Validator validator = new Validator((mesh, name) -> Optional.empty());

  @ParameterizedTest
  @FieldSource("SEEDS")
  void seedHasNoViolations(String file) {
    List<Resource> resources = ResourceCodec.decodeAll(Seeds.read(file));
    assertThat(resources).isNotEmpty();
    for (Resource r : resources) {
      assertThat(validator.validate(r)).as(r.describe()).isEmpty();
    }
  }
}
