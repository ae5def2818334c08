package dev.atrium.core.validation;

import dev.atrium.core.model.legacy.FaultInjectionSpec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kuma's legacy FaultInjection (fault_injection_validator.go): sources of at least one tag,
 * destinations naming an HTTP-based kuma.io/protocol, and at least one fault, each with a percentage
 * in [0, 100] and its value (delay), a known HTTP status (abort) or a kbps/mbps/gbps limit (bandwidth).
 */
final class FaultInjectionValidator {
  private FaultInjectionValidator() {}

  private static final List<String> HTTP_PROTOCOLS = List.of("http", "http2", "grpc");
  // Kuma's unanchored regexp, kept as is: it matches a limit that merely contains such a part.
  private static final Pattern LIMIT = Pattern.compile("\\d*\\s?[gmk]bps");

  static void validate(FaultInjectionSpec spec, FieldPath root, Violations v) {
    LegacyPolicyRules.sources(v, root.field("sources"), spec.sources(), false);
    LegacyPolicyRules.destinations(v, root.field("destinations"), spec.destinations(), (p, tags) -> {
      String protocol = tags.get(TagRules.PROTOCOL);
      if (protocol == null) v.add(p, "protocol must be specified");
      else if (!HTTP_PROTOCOLS.contains(protocol)) {
        v.add(p.key(TagRules.PROTOCOL), "must be one of the [" + String.join(", ", HTTP_PROTOCOLS) + "]");
      }
    });
    FieldPath conf = root.field("conf");
    FaultInjectionSpec.Conf c = spec.conf();
    boolean delay = c != null && c.delay() != null && (c.delay().percentage() != null || c.delay().value() != null);
    boolean abort = c != null && c.abort() != null && (c.abort().percentage() != null || c.abort().httpStatus() != null);
    boolean bandwidth = c != null && c.responseBandwidth() != null
        && (c.responseBandwidth().percentage() != null || c.responseBandwidth().limit() != null);
    if (!delay && !abort && !bandwidth) v.add(conf, "must have at least one of the faults configured");
    if (delay) {
      FieldPath p = conf.field("delay");
      percentage(v, p, c.delay().percentage());
      if (c.delay().value() == null) v.add(p.field("value"), "cannot be empty");
      else LegacyPolicyRules.duration(v, p.field("value"), c.delay().value());
    }
    if (abort) {
      FieldPath p = conf.field("abort");
      percentage(v, p, c.abort().percentage());
      Integer status = c.abort().httpStatus();
      if (status == null) v.add(p.field("httpStatus"), "cannot be empty");
      else if (MeshRetryValidator.statusCode(Integer.toString(status)).isEmpty()) v.add(p.field("httpStatus"), "http status code is incorrect");
    }
    if (bandwidth) {
      FieldPath p = conf.field("responseBandwidth");
      percentage(v, p, c.responseBandwidth().percentage());
      String limit = c.responseBandwidth().limit();
      if (limit == null) v.add(p.field("limit"), "cannot be empty");
      else if (!LIMIT.matcher(limit).find()) v.add(p.field("limit"), "has to be in kbps/mbps/gbps units");
    }
  }

  private static void percentage(Violations v, FieldPath path, Double value) {
    if (value == null) v.add(path.field("percentage"), "cannot be empty");
    else if (value < 0.0 || value > 100.0) v.add(path.field("percentage"), "has to be in [0.0 - 100.0] range");
  }
}
