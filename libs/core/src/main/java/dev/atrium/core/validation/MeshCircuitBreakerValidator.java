package dev.atrium.core.validation;

import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec.Conf;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec.ConnectionLimits;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec.Consecutive;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec.Detectors;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec.OutlierDetection;
import dev.atrium.core.model.route.TargetRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Kuma 2.14's MeshCircuitBreaker validator with its paths and messages. Unlike MeshTimeout, any policy
 * role may target a MeshGateway (with listener tags), and {@code to}/{@code from} kinds do not depend on
 * the top-level kind. Every {@code default} sets connection limits or outlier detection; counts are
 * above zero, percentages at most 100, and outlier detection names at least one detector.
 */
final class MeshCircuitBreakerValidator {
  private MeshCircuitBreakerValidator() {}

  static final List<String> TOP_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_GATEWAY, TargetRefRules.MESH_SERVICE_SUBSET,
      TargetRefRules.DATAPLANE);
  static final List<String> TO_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SERVICE,
      TargetRefRules.MESH_EXTERNAL_SERVICE, TargetRefRules.MESH_MULTI_ZONE_SERVICE);
  static final List<String> FROM_KINDS = List.of(TargetRefRules.MESH);

  private static final String ABOVE_ZERO = "must be greater than 0";
  private static final String PERCENT = "must be in inclusive range [0, 100]";

  static void validate(MeshCircuitBreakerSpec spec, FieldPath root, Violations v) {
    boolean inboundPolicy = !spec.from().isEmpty() || !spec.rules().isEmpty();
    if (spec.targetRef() != null) {
      TargetRefRules.check(v, root.field("targetRef"), TargetRefRules.Ref.of(spec.targetRef()), TOP_KINDS, true,
          inboundPolicy);
    }
    if (spec.rules().isEmpty() && spec.to().isEmpty() && spec.from().isEmpty()) {
      v.add(root, "at least one of 'from', 'to' or 'rules' has to be defined");
    }
    if (!spec.rules().isEmpty() && (!spec.to().isEmpty() || !spec.from().isEmpty())) {
      v.add(root, "fields 'to' and 'from' must be empty when 'rules' is defined");
    }
    for (int i = 0; i < spec.rules().size(); i++) {
      // Kuma reports a rule's default under spec.from[i] (its validator reuses the from path); kept so
      // the paths match what Kuma answers.
      conf(v, root.field("from").index(i).field("default"), spec.rules().get(i).defaultConf());
    }
    for (int i = 0; i < spec.from().size(); i++) {
      FieldPath path = root.field("from").index(i);
      targetRef(v, path.field("targetRef"), spec.from().get(i).targetRef(), FROM_KINDS);
      conf(v, path.field("default"), spec.from().get(i).defaultConf());
    }
    for (int i = 0; i < spec.to().size(); i++) {
      FieldPath path = root.field("to").index(i);
      targetRef(v, path.field("targetRef"), spec.to().get(i).targetRef(), TO_KINDS);
      conf(v, path.field("default"), spec.to().get(i).defaultConf());
    }
  }

  private static void targetRef(Violations v, FieldPath path, TargetRef ref, List<String> kinds) {
    if (ref == null) {
      v.add(path.field("kind"), "must be defined");
    } else {
      TargetRefRules.check(v, path, TargetRefRules.Ref.of(ref), kinds, false);
    }
  }

  private static void conf(Violations v, FieldPath path, Conf conf) {
    if (conf == null || (conf.connectionLimits() == null && conf.outlierDetection() == null)) {
      v.add(path, "at least one of: 'connectionLimits' or 'outlierDetection' should be configured");
      return;
    }
    ConnectionLimits limits = conf.connectionLimits();
    if (limits != null) {
      FieldPath l = path.field("connectionLimits");
      aboveZero(v, l.field("maxConnections"), limits.maxConnections());
      aboveZero(v, l.field("maxConnectionPools"), limits.maxConnectionPools());
      aboveZero(v, l.field("maxPendingRequests"), limits.maxPendingRequests());
      aboveZero(v, l.field("maxRetries"), limits.maxRetries());
      aboveZero(v, l.field("maxRequests"), limits.maxRequests());
    }
    OutlierDetection od = conf.outlierDetection();
    if (od != null) outlierDetection(v, path.field("outlierDetection"), od);
  }

  private static void outlierDetection(Violations v, FieldPath path, OutlierDetection od) {
    durationAboveZero(v, path.field("interval"), od.interval());
    durationAboveZero(v, path.field("baseEjectionTime"), od.baseEjectionTime());
    percent(v, path.field("maxEjectionPercent"), od.maxEjectionPercent());
    if (od.healthyPanicThreshold() != null) {
      Optional<BigDecimal> d = decimal(od.healthyPanicThreshold());
      if (d.isEmpty()) {
        v.add(path.field("healthyPanicThreshold"), "string must be a valid number");
      } else if (d.get().signum() < 0 || d.get().compareTo(BigDecimal.valueOf(100)) > 0) {
        v.add(path.field("healthyPanicThreshold"), "must be in inclusive range [0.0, 100.0]");
      }
    }
    FieldPath dp = path.field("detectors");
    Detectors d = od.detectors();
    if (d == null) {
      v.add(dp, "must be defined");
      return;
    }
    if (d.totalFailures() == null && d.gatewayFailures() == null && d.localOriginFailures() == null
        && d.successRate() == null && d.failurePercentage() == null) {
      v.add(dp, "must have at least one defined: totalFailures, gatewayFailures, localOriginFailures, successRate, "
          + "failurePercentage");
      return;
    }
    consecutive(v, dp.field("totalFailures"), d.totalFailures());
    consecutive(v, dp.field("gatewayFailures"), d.gatewayFailures());
    consecutive(v, dp.field("localOriginFailures"), d.localOriginFailures());
    if (d.successRate() != null) {
      FieldPath s = dp.field("successRate");
      aboveZero(v, s.field("minimumHosts"), d.successRate().minimumHosts());
      aboveZero(v, s.field("requestVolume"), d.successRate().requestVolume());
      String factor = d.successRate().standardDeviationFactor();
      if (factor != null) {
        Optional<BigDecimal> f = decimal(factor);
        if (f.isEmpty()) {
          v.add(s.field("standardDeviationFactor"), "invalid number");
        } else if (f.get().signum() <= 0) {
          v.add(s.field("standardDeviationFactor"), ABOVE_ZERO);
        }
      }
    }
    if (d.failurePercentage() != null) {
      FieldPath f = dp.field("failurePercentage");
      aboveZero(v, f.field("minimumHosts"), d.failurePercentage().minimumHosts());
      aboveZero(v, f.field("requestVolume"), d.failurePercentage().requestVolume());
      percent(v, f.field("threshold"), d.failurePercentage().threshold());
    }
  }

  private static void consecutive(Violations v, FieldPath path, Consecutive detector) {
    if (detector != null) aboveZero(v, path.field("consecutive"), detector.consecutive());
  }

  /** Kuma's counts are uint32: zero is the only invalid value it can see; a negative one fails the same way here. */
  private static void aboveZero(Violations v, FieldPath path, Long value) {
    if (value != null && value <= 0) v.add(path, ABOVE_ZERO);
  }

  private static void percent(Violations v, FieldPath path, Long value) {
    if (value != null && (value < 0 || value > 100)) v.add(path, PERCENT);
  }

  private static void durationAboveZero(Violations v, FieldPath path, String text) {
    if (text == null) return;
    Optional<Duration> d = GoDuration.parse(text);
    if (d.isEmpty()) {
      v.add(path, "time: invalid duration \"" + text + "\"");
    } else if (d.get().isNegative() || d.get().isZero()) {
      v.add(path, "must be greater than zero when defined");
    }
  }

  /** Kuma's int-or-string decimal: an integer or a decimal string such as {@code "1.9"}. */
  static Optional<BigDecimal> decimal(String text) {
    try {
      return Optional.of(new BigDecimal(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
