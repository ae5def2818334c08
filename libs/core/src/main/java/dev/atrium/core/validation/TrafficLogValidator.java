package dev.atrium.core.validation;

import dev.atrium.core.model.Selector;
import dev.atrium.core.model.accesslog.TrafficLogSpec;
import java.util.List;
import java.util.TreeSet;

/**
 * Kuma's legacy TrafficLog (traffic_log_validator.go): at least one source selector, each with at
 * least one tag including {@code kuma.io/service}; at least one destination selector, each exactly
 * {@code kuma.io/service}. An empty {@code conf.backend} is valid: the Mesh's default backend is used.
 */
final class TrafficLogValidator {
  private TrafficLogValidator() {}

  private static final String SERVICE = "kuma.io/service";

  static void validate(TrafficLogSpec spec, FieldPath root, Violations v) {
    TagRules.selectors(v, root.field("sources"), spec.sources(), false, TagRules.Options.AT_LEAST_ONE_WITH_SERVICE);
    destinations(v, root.field("destinations"), spec.destinations());
  }

  /** Kuma's OnlyServiceTagAllowed: one selector per destination service, naming nothing but the service. */
  static void destinations(Violations v, FieldPath path, List<Selector> selectors) {
    if (selectors.isEmpty()) v.add(path, "must have at least one element");
    for (int i = 0; i < selectors.size(); i++) {
      FieldPath match = path.index(i).field("match");
      var tags = selectors.get(i).match();
      if (tags.size() != 1 || !tags.containsKey(SERVICE)) {
        v.add(match, "must consist of exactly one tag \"" + SERVICE + "\"");
      }
      for (String key : new TreeSet<>(tags.keySet())) {
        if (!key.equals(SERVICE)) v.add(match.key(key), "tag \"" + key + "\" is not allowed");
      }
      TagRules.selector(v, match, tags, TagRules.Options.REQUIRE_SERVICE);
    }
  }
}
