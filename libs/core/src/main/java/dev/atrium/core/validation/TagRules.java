package dev.atrium.core.validation;

import dev.atrium.core.model.Selector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kuma's tag and selector checks (validators.go: ValidateTags, ValidateSelector, ValidateSelectors)
 * with its messages and its order: per key, sorted; then the kuma.io/service rules.
 */
final class TagRules {
  private TagRules() {}

  static final String SERVICE = "kuma.io/service";
  static final String PROTOCOL = "kuma.io/protocol";
  static final String ZONE = "kuma.io/zone";
  static final String EXTERNAL_SERVICE = "kuma.io/external-service-name";

  /** Tags a MeshGateway (or its listeners) must not set: they are properties of the Dataplanes. */
  static final Set<String> DATAPLANE_PROPERTY_TAGS = Set.of(EXTERNAL_SERVICE, PROTOCOL, SERVICE, ZONE);

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9.\\-_:/]*$");
  private static final Pattern TAG_VALUE = Pattern.compile("^[a-zA-Z0-9.\\-_:]*$");
  private static final Pattern SELECTOR_VALUE = Pattern.compile("^([a-zA-Z0-9.\\-_:/]*|\\*)$");

  /** What else a tag map must satisfy beyond the character rules. */
  record Options(boolean requireAtLeastOneTag, boolean requireService, Set<String> forbiddenKeys) {
    static final Options NONE = new Options(false, false, Set.of());
    static final Options REQUIRE_SERVICE = new Options(false, true, Set.of());
    static final Options AT_LEAST_ONE_WITH_SERVICE = new Options(true, true, Set.of());
    static final Options NO_DATAPLANE_PROPERTIES = new Options(false, false, DATAPLANE_PROPERTY_TAGS);
  }

  /** Tags that describe something (Dataplane inbounds, gateway tags): values may not contain '/' or be "*". */
  static void tags(Violations v, FieldPath path, Map<String, String> tags, Options opts) {
    check(v, path, tags, opts, TAG_VALUE,
        "tag value must consist of alphanumeric characters, dots, dashes and underscores", (p, t) -> { });
  }

  /** Tags that select something: values may also contain '/' or be the wildcard "*". */
  static void selector(Violations v, FieldPath path, Map<String, String> tags, Options opts) {
    check(v, path, tags, opts, SELECTOR_VALUE, SELECTOR_MESSAGE, (p, t) -> { });
  }

  /** A list of selectors, each checked at {@code path[i].match}. */
  static void selectors(Violations v, FieldPath path, List<Selector> selectors, boolean atMostOne, Options opts) {
    selectors(v, path, selectors, atMostOne, opts, (p, t) -> { });
  }

  /**
   * A list of selectors with a whole-selector check of the kind's own ({@code extra}, Kuma's
   * ExtraTagsValidators: run after the at-least-one-tag rule, before the per-key rules).
   */
  static void selectors(Violations v, FieldPath path, List<Selector> selectors, boolean atMostOne, Options opts,
      java.util.function.BiConsumer<FieldPath, Map<String, String>> extra) {
    if (selectors.isEmpty()) v.add(path, "must have at least one element");
    for (int i = 0; i < selectors.size(); i++) {
      FieldPath match = path.index(i).field("match");
      check(v, match, selectors.get(i).match(), opts, SELECTOR_VALUE, SELECTOR_MESSAGE, extra);
      if (i > 0 && atMostOne) v.add(path.index(i), "there can be at most one selector");
    }
  }

  private static final String SELECTOR_MESSAGE =
      "tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be \"*\"";

  private static void check(Violations v, FieldPath path, Map<String, String> tags, Options opts, Pattern valueRule,
      String valueMessage, java.util.function.BiConsumer<FieldPath, Map<String, String>> extra) {
    if (opts.requireAtLeastOneTag() && tags.isEmpty()) v.add(path, "must have at least one tag");
    extra.accept(path, tags);
    for (var e : tags.entrySet()) {
      String key = e.getKey();
      if (key.isEmpty()) v.add(path, "tag name must be non-empty");
      if (!NAME.matcher(key).matches()) {
        v.add(path.key(key), "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores");
      }
      if (opts.forbiddenKeys().contains(key)) v.add(path.key(key), "tag name must not be \"" + key + "\"");
      if (e.getValue().isEmpty()) v.add(path.key(key), "tag value must be non-empty");
      if (!valueRule.matcher(e.getValue()).matches()) v.add(path.key(key), valueMessage);
    }
    boolean hasService = tags.containsKey(SERVICE);
    if (opts.requireService() && !hasService) v.add(path, "mandatory tag \"" + SERVICE + "\" is missing");
  }
}
