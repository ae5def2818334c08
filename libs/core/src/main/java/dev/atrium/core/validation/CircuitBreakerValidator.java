package dev.atrium.core.validation;

import dev.atrium.core.model.legacy.CircuitBreakerSpec;
import dev.atrium.core.model.legacy.CircuitBreakerSpec.Detectors;
import dev.atrium.core.model.legacy.CircuitBreakerSpec.Thresholds;

/**
 * Kuma's legacy CircuitBreaker (circuit_breaker_validator.go): sources with kuma.io/service,
 * destinations of kuma.io/service only, at least one detector or threshold, no empty detectors or
 * thresholds section, percentages up to 100.
 */
final class CircuitBreakerValidator {
  private CircuitBreakerValidator() {}

  static void validate(CircuitBreakerSpec spec, FieldPath root, Violations v) {
    LegacyPolicyRules.sources(v, root.field("sources"), spec.sources(), true);
    LegacyPolicyRules.serviceOnlyDestinations(v, root.field("destinations"), spec.destinations());
    FieldPath conf = root.field("conf");
    CircuitBreakerSpec.Conf c = spec.conf();
    boolean detectors = c != null && hasDetectors(c.detectors());
    boolean thresholds = c != null && hasThresholds(c.thresholds());
    if (!detectors && !thresholds) {
      v.add(conf, "must have at least one of the detector or threshold configured");
      return;
    }
    if (c.detectors() != null && !detectors) v.add(conf.field("detectors"), "can't be empty");
    percentage(v, conf.field("maxEjectionPercent"), c.maxEjectionPercent());
    if (c.detectors() != null && c.detectors().failure() != null) {
      percentage(v, conf.field("detectors").field("failure").field("threshold"), c.detectors().failure().threshold());
    }
    if (c.thresholds() != null && !thresholds) v.add(conf.field("thresholds"), "can't be empty");
    LegacyPolicyRules.duration(v, conf.field("interval"), c.interval());
    LegacyPolicyRules.duration(v, conf.field("baseEjectionTime"), c.baseEjectionTime());
  }

  private static boolean hasDetectors(Detectors d) {
    return d != null && (d.totalErrors() != null || d.gatewayErrors() != null || d.localErrors() != null
        || d.standardDeviation() != null || d.failure() != null);
  }

  private static boolean hasThresholds(Thresholds t) {
    return t != null && (t.maxConnections() != null || t.maxPendingRequests() != null || t.maxRetries() != null
        || t.maxRequests() != null);
  }

  private static void percentage(Violations v, FieldPath path, Long value) {
    if (value != null && (value < 0 || value > 100)) v.add(path, "has to be in [0.0 - 100.0] range");
  }
}
