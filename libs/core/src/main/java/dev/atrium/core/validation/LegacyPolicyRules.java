package dev.atrium.core.validation;

import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Kuma's legacy connection-policy validators (pkg/core/resources/apis/mesh/*_validator.go) share:
 * the selector option sets and the duration rules, with Kuma's messages.
 */
final class LegacyPolicyRules {
  private LegacyPolicyRules() {}

  static final String HAS_TO_BE_DEFINED = "has to be defined";
  static final String GREATER_THAN_0 = "has to be greater than 0";
  static final String GREATER_THAN_0_WHEN_DEFINED = "has to be greater than 0 when defined";
  static final String EMPTY_FIELD = "field cannot be empty";

  private static final TagRules.Options AT_LEAST_ONE_TAG = new TagRules.Options(true, false, java.util.Set.of());

  /** {@code sources}: at least one selector, each with at least one tag (and kuma.io/service when {@code requireService}). */
  static void sources(Violations v, FieldPath path, List<Selector> sources, boolean requireService) {
    TagRules.selectors(v, path, sources, false,
        requireService ? TagRules.Options.AT_LEAST_ONE_WITH_SERVICE : AT_LEAST_ONE_TAG);
  }

  /** Kuma's OnlyServiceTagAllowed: each destination selector is exactly {@code kuma.io/service}. */
  static void serviceOnlyDestinations(Violations v, FieldPath path, List<Selector> destinations) {
    TagRules.selectors(v, path, destinations, false, TagRules.Options.REQUIRE_SERVICE, (p, tags) -> {
      if (tags.size() != 1 || !tags.containsKey(TagRules.SERVICE)) {
        v.add(p, "must consist of exactly one tag \"" + TagRules.SERVICE + "\"");
      }
    });
  }

  /** Destinations of at least one tag each, with an optional whole-selector check. */
  static void destinations(Violations v, FieldPath path, List<Selector> destinations,
      java.util.function.BiConsumer<FieldPath, Map<String, String>> extra) {
    TagRules.selectors(v, path, destinations, false, AT_LEAST_ONE_TAG, extra);
  }

  /** The duration written, or empty when it is unset or not a duration (reported as such). */
  static Optional<Duration> duration(Violations v, FieldPath path, String text) {
    if (text == null) return Optional.empty();
    Optional<Duration> d = GoDuration.parse(text);
    if (d.isEmpty()) v.add(path, "time: invalid duration \"" + text + "\"");
    return d;
  }

  /** validateDuration_GreaterThan0: set and above zero. */
  static void greaterThan0(Violations v, FieldPath path, String text) {
    duration(v, path, text).filter(d -> d.isZero() || d.isNegative()).ifPresent(d -> v.add(path, GREATER_THAN_0));
  }

  /** validateDuration_GreaterThan0OrNil. */
  static void greaterThan0OrNil(Violations v, FieldPath path, String text) {
    duration(v, path, text).filter(d -> d.isZero() || d.isNegative())
        .ifPresent(d -> v.add(path, GREATER_THAN_0_WHEN_DEFINED));
  }
}
