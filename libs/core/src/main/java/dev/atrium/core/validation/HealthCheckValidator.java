package dev.atrium.core.validation;

import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.healthcheck.HealthCheckSpec;
import dev.atrium.core.model.healthcheck.HealthCheckSpec.Conf;
import dev.atrium.core.model.healthcheck.HealthCheckSpec.HeaderValueOption;
import dev.atrium.core.model.healthcheck.HealthCheckSpec.Http;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kuma's legacy HealthCheck validator (health_check_validator.go) with its paths and messages: sources
 * with at least one tag including {@code kuma.io/service}; destinations naming exactly one tag,
 * {@code kuma.io/service}; a {@code conf} with a positive interval, timeout and thresholds, an HTTP
 * path, statuses in [100, 600), and not both {@code http} and {@code tcp}.
 */
final class HealthCheckValidator {
  private HealthCheckValidator() {}

  private static final String POSITIVE = "must have a positive value";
  private static final Pattern TAG_NAME = Pattern.compile("^[a-zA-Z0-9.\\-_:/]*$");
  private static final Pattern SELECTOR_VALUE = Pattern.compile("^([a-zA-Z0-9.\\-_:/]*|\\*)$");

  static void validate(HealthCheckSpec spec, FieldPath root, Violations v) {
    TagRules.selectors(v, root.field("sources"), spec.sources(), false, TagRules.Options.AT_LEAST_ONE_WITH_SERVICE);
    destinations(v, root.field("destinations"), spec.destinations());
    conf(v, root.field("conf"), spec.conf());
  }

  /** Kuma's OnlyServiceTagAllowed: each destination selector is exactly {@code kuma.io/service: <value>}. */
  private static void destinations(Violations v, FieldPath path, List<Selector> selectors) {
    if (selectors.isEmpty()) v.add(path, "must have at least one element");
    for (int i = 0; i < selectors.size(); i++) {
      FieldPath p = path.index(i).field("match");
      Map<String, String> tags = new TreeMap<>(selectors.get(i).match());
      if (tags.size() != 1 || !tags.containsKey(TagRules.SERVICE)) {
        v.add(p, "must consist of exactly one tag \"" + TagRules.SERVICE + "\"");
      }
      for (var e : tags.entrySet()) {
        String key = e.getKey();
        if (key.isEmpty()) v.add(p, "tag name must be non-empty");
        if (!TAG_NAME.matcher(key).matches()) {
          v.add(p.key(key), "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores");
        }
        if (!TagRules.SERVICE.equals(key)) v.add(p.key(key), "tag \"" + key + "\" is not allowed");
        if (e.getValue().isEmpty()) v.add(p.key(key), "tag value must be non-empty");
        if (!SELECTOR_VALUE.matcher(e.getValue()).matches()) {
          v.add(p.key(key), "tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be \"*\"");
        }
      }
      if (!tags.containsKey(TagRules.SERVICE)) v.add(p, "mandatory tag \"" + TagRules.SERVICE + "\" is missing");
    }
  }

  private static void conf(Violations v, FieldPath path, Conf c) {
    if (c == null) {
      v.add(path, "has to be defined");
      return;
    }
    requiredDuration(v, path.field("interval"), c.interval());
    requiredDuration(v, path.field("timeout"), c.timeout());
    threshold(v, path.field("unhealthyThreshold"), c.unhealthyThreshold());
    threshold(v, path.field("healthyThreshold"), c.healthyThreshold());
    if (c.initialJitter() != null) requiredDuration(v, path.field("initialJitter"), c.initialJitter());
    if (c.intervalJitter() != null) requiredDuration(v, path.field("intervalJitter"), c.intervalJitter());
    if (c.noTrafficInterval() != null) requiredDuration(v, path.field("noTrafficInterval"), c.noTrafficInterval());
    Double panic = c.healthyPanicThreshold();
    if (panic != null && (panic < 0.0 || panic > 100.0)) {
      v.add(path.field("healthyPanicThreshold"), "must be in range [0.0 - 100.0]");
    }
    if (c.http() != null) http(v, path.field("http"), c.http());
    if (c.tcp() != null && c.http() != null) v.add(path, "http and tcp cannot be defined at the same time");
  }

  private static void http(Violations v, FieldPath path, Http http) {
    if (http.path() == null || http.path().isEmpty()) v.add(path.field("path"), "has to be defined and cannot be empty");
    List<Long> statuses = http.expectedStatuses() == null ? List.of() : http.expectedStatuses();
    for (int i = 0; i < statuses.size(); i++) {
      Long s = statuses.get(i);
      if (s == null || s < 100 || s >= 600) v.add(path.field("expectedStatuses").index(i), "must be in range [100, 600)");
    }
    List<HeaderValueOption> headers = http.requestHeadersToAdd() == null ? List.of() : http.requestHeadersToAdd();
    for (int i = 0; i < headers.size(); i++) {
      FieldPath h = path.field("requestHeadersToAdd").index(i).field("header");
      HeaderValueOption o = headers.get(i);
      if (o == null || o.header() == null) {
        v.add(h, "has to be defined");
      } else if (o.header().key() == null || o.header().key().isEmpty()) {
        v.add(h.field("key"), "cannot be empty");
      }
    }
  }

  /** Kuma's ValidateDuration: set, valid and not zero (a protobuf duration cannot be negative there). */
  private static void requiredDuration(Violations v, FieldPath path, String text) {
    if (text == null) {
      v.add(path, POSITIVE);
      return;
    }
    Optional<Duration> d = GoDuration.parse(text);
    if (d.isEmpty() || d.get().isNegative()) {
      v.add(path, "must have a valid value");
    } else if (d.get().isZero()) {
      v.add(path, POSITIVE);
    }
  }

  private static void threshold(Violations v, FieldPath path, Long value) {
    if (value == null || value <= 0) v.add(path, POSITIVE);
  }
}
