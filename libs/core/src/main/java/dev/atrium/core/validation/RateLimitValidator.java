package dev.atrium.core.validation;

import dev.atrium.core.model.legacy.RateLimitSpec;

/**
 * Kuma's legacy RateLimit (rate_limit_validator.go): sources and destinations of at least one tag, a
 * conf; an http section with requests and an interval, and every onRateLimit header with a key and a value.
 */
final class RateLimitValidator {
  private RateLimitValidator() {}

  static void validate(RateLimitSpec spec, FieldPath root, Violations v) {
    LegacyPolicyRules.sources(v, root.field("sources"), spec.sources(), false);
    LegacyPolicyRules.destinations(v, root.field("destinations"), spec.destinations(), (p, t) -> { });
    FieldPath conf = root.field("conf");
    if (spec.conf() == null) {
      v.add(conf, "must have conf");
      return;
    }
    RateLimitSpec.Http http = spec.conf().http();
    if (http == null) return;
    FieldPath path = conf.field("http");
    if (http.requests() == null || http.requests() == 0) v.add(path.field("requests"), "requests must be set");
    if (http.interval() == null) v.add(path.field("interval"), "interval must be set");
    else LegacyPolicyRules.duration(v, path.field("interval"), http.interval());
    if (http.onRateLimit() != null) {
      for (int i = 0; i < http.onRateLimit().headers().size(); i++) {
        RateLimitSpec.Header h = http.onRateLimit().headers().get(i);
        // Kuma's path says "header[i]" (singular) although the field is headers.
        FieldPath at = path.field("onRateLimit").field("header").key(Integer.toString(i));
        if (h.key() == null || h.key().isEmpty()) v.add(at, "key must be set");
        if (h.value() == null || h.value().isEmpty()) v.add(at, "value must be set");
      }
    }
  }
}
