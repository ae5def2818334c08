package dev.atrium.core.validation;

import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.healthcheck.MeshHealthCheckSpec;
import dev.atrium.core.model.healthcheck.MeshHealthCheckSpec.Conf;
import dev.atrium.core.model.healthcheck.MeshHealthCheckSpec.Http;
import dev.atrium.core.model.route.TargetRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kuma 2.14's MeshHealthCheck validator with its paths and messages. Only {@code to} entries exist; an
 * empty {@code to} is accepted (Kuma does too). Every {@code default} names at least one checker
 * (http, tcp or grpc); durations and thresholds are above zero when set, percentages within [0, 100],
 * an HTTP path non-empty, expected statuses real HTTP codes and the event log path a file path.
 */
final class MeshHealthCheckValidator {
  private MeshHealthCheckValidator() {}

  static final List<String> TOP_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_GATEWAY, TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET,
      TargetRefRules.DATAPLANE);
  static final List<String> TO_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SERVICE,
      TargetRefRules.MESH_EXTERNAL_SERVICE, TargetRefRules.MESH_MULTI_ZONE_SERVICE);

  private static final String ABOVE_ZERO = "must be greater than zero when defined";
  /** Kuma's file-path check (govalidator's IsFilePath): an absolute Unix path or a drive-letter Windows one. */
  private static final Pattern UNIX_PATH = Pattern.compile("^(/[^/\\x00]*)+/?$");
  private static final Pattern WINDOWS_PATH = Pattern.compile("^[a-zA-Z]:\\\\(?:[^\\\\/:*?\"<>|\\r\\n]+\\\\)*[^\\\\/:*?\"<>|\\r\\n]*$");

  static void validate(MeshHealthCheckSpec spec, FieldPath root, Violations v) {
    if (spec.targetRef() != null) {
      TargetRefRules.check(v, root.field("targetRef"), TargetRefRules.Ref.of(spec.targetRef()), TOP_KINDS, true);
    }
    for (int i = 0; i < spec.to().size(); i++) {
      FieldPath path = root.field("to").index(i);
      TargetRef ref = spec.to().get(i).targetRef();
      if (ref == null) {
        v.add(path.field("targetRef").field("kind"), "must be defined");
      } else {
        TargetRefRules.check(v, path.field("targetRef"), TargetRefRules.Ref.of(ref), TO_KINDS, false);
      }
      conf(v, path.field("default"), spec.to().get(i).defaultConf());
    }
  }

  private static void conf(Violations v, FieldPath path, Conf conf) {
    Conf c = conf != null ? conf
        : new Conf(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    duration(v, path.field("interval"), c.interval());
    duration(v, path.field("timeout"), c.timeout());
    aboveZero(v, path.field("unhealthyThreshold"), c.unhealthyThreshold());
    aboveZero(v, path.field("healthyThreshold"), c.healthyThreshold());
    duration(v, path.field("initialJitter"), c.initialJitter());
    duration(v, path.field("intervalJitter"), c.intervalJitter());
    if (c.intervalJitterPercent() != null && (c.intervalJitterPercent() < 0 || c.intervalJitterPercent() > 100)) {
      v.add(path.field("intervalJitterPercent"), "must be in inclusive range [0, 100]");
    }
    if (c.healthyPanicThreshold() != null) {
      Optional<BigDecimal> d = MeshCircuitBreakerValidator.decimal(c.healthyPanicThreshold());
      if (d.isEmpty()) {
        v.add(path.field("healthyPanicThreshold"), "string must be a valid number");
      } else if (d.get().signum() < 0 || d.get().compareTo(BigDecimal.valueOf(100)) > 0) {
        v.add(path.field("healthyPanicThreshold"), "must be in inclusive range [0.0, 100.0]");
      }
    }
    duration(v, path.field("noTrafficInterval"), c.noTrafficInterval());
    if (c.eventLogPath() != null && !isFilePath(c.eventLogPath())) {
      v.add(path.field("eventLogPath"), "must be a valid path when defined");
    }
    if (c.http() != null) http(v, path.field("http"), c.http());
    if (c.http() == null && c.tcp() == null && c.grpc() == null) {
      v.add(path, "must have at least one defined: http, tcp, grpc");
    }
  }

  private static void http(Violations v, FieldPath path, Http http) {
    if (http.path() != null && http.path().isEmpty()) v.add(path.field("path"), "must be defined");
    if (http.expectedStatuses() != null) {
      for (int i = 0; i < http.expectedStatuses().size(); i++) {
        Long status = http.expectedStatuses().get(i);
        if (status == null || status < 100 || status >= 600) {
          v.add(path.field("expectedStatuses").index(i), "must be in inclusive range [100, 599]");
        }
      }
    }
  }

  static boolean isFilePath(String path) {
    return WINDOWS_PATH.matcher(path).matches() || UNIX_PATH.matcher(path).matches();
  }

  private static void aboveZero(Violations v, FieldPath path, Long value) {
    if (value != null && value <= 0) v.add(path, ABOVE_ZERO);
  }

  private static void duration(Violations v, FieldPath path, String text) {
    if (text == null) return;
    Optional<Duration> d = GoDuration.parse(text);
    if (d.isEmpty()) {
      v.add(path, "time: invalid duration \"" + text + "\"");
    } else if (d.get().isNegative() || d.get().isZero()) {
      v.add(path, ABOVE_ZERO);
    }
  }
}
