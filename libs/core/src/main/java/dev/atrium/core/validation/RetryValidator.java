package dev.atrium.core.validation;

import dev.atrium.core.model.legacy.RetrySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kuma's legacy Retry (retry_validator.go): sources with kuma.io/service, destinations of
 * kuma.io/service only, a conf with at least one protocol section; http and grpc sections not empty,
 * counts and durations above zero when set, a back-off with its base interval, tcp with connect attempts.
 */
final class RetryValidator {
  private RetryValidator() {}

  static void validate(RetrySpec spec, FieldPath root, Violations v) {
    LegacyPolicyRules.sources(v, root.field("sources"), spec.sources(), true);
    LegacyPolicyRules.serviceOnlyDestinations(v, root.field("destinations"), spec.destinations());
    FieldPath conf = root.field("conf");
    RetrySpec.Conf c = spec.conf();
    if (c == null) {
      v.add(conf, LegacyPolicyRules.HAS_TO_BE_DEFINED);
      return;
    }
    if (c.http() == null && c.grpc() == null && c.tcp() == null) {
      v.add(conf, "missing protocol [grpc|http|tcp] configuration");
      return;
    }
    if (c.http() != null) http(v, conf.field("http"), c.http());
    if (c.grpc() != null) grpc(v, conf.field("grpc"), c.grpc());
    if (c.tcp() != null && (c.tcp().maxConnectAttempts() == null || c.tcp().maxConnectAttempts() == 0)) {
      v.add(conf.field("tcp").field("maxConnectAttempts"), LegacyPolicyRules.GREATER_THAN_0);
    }
  }

  private static void http(Violations v, FieldPath path, RetrySpec.Http h) {
    // Protobuf has no empty-versus-unset for lists: [] counts as unset, as in Kuma.
    if (h.numRetries() == null && h.perTryTimeout() == null && h.backOff() == null && none(h.retriableStatusCodes())
        && none(h.retriableMethods()) && none(h.retryOn())) {
      v.add(path, LegacyPolicyRules.EMPTY_FIELD);
    }
    common(v, path, h.numRetries(), h.perTryTimeout(), h.backOff());
    List<RetrySpec.HttpMethod> methods = h.retriableMethods() == null ? List.of() : h.retriableMethods();
    for (int i = 0; i < methods.size(); i++) {
      if (methods.get(i) == null || methods.get(i) == RetrySpec.HttpMethod.NONE) {
        v.add(path.field("retriableMethods").index(i), LegacyPolicyRules.EMPTY_FIELD);
      }
    }
    List<RetrySpec.HttpRetryOn> retryOn = h.retryOn() == null ? List.of() : h.retryOn();
    for (int i = 0; i < retryOn.size(); i++) {
      if (retryOn.get(i) == RetrySpec.HttpRetryOn.retriable_status_codes && none(h.retriableStatusCodes())) {
        v.add(path.field("retryOn").index(i), "retriableStatusCodes cannot be empty when this option is specified");
      }
    }
  }

  private static void grpc(Violations v, FieldPath path, RetrySpec.Grpc g) {
    if (g.numRetries() == null && g.perTryTimeout() == null && g.backOff() == null && none(g.retryOn())) {
      v.add(path, LegacyPolicyRules.EMPTY_FIELD);
    }
    Map<String, List<Integer>> at = new LinkedHashMap<>();
    List<RetrySpec.GrpcRetryOn> retryOn = g.retryOn() == null ? List.of() : g.retryOn();
    for (int i = 0; i < retryOn.size(); i++) at.computeIfAbsent(retryOn.get(i).name(), k -> new ArrayList<>()).add(i);
    List<String> repeated = new ArrayList<>();
    at.forEach((value, indexes) -> {
      if (indexes.size() > 1) {
        repeated.add("repeated value \"" + value + "\" at indexes [" + String.join(", ",
            indexes.stream().map(String::valueOf).toList()) + "]");
      }
    });
    repeated.stream().sorted().forEach(m -> v.add(path.field("retryOn"), m));
    common(v, path, g.numRetries(), g.perTryTimeout(), g.backOff());
  }

  private static void common(Violations v, FieldPath path, Long numRetries, String perTryTimeout, RetrySpec.BackOff backOff) {
    if (numRetries != null && numRetries == 0) v.add(path.field("numRetries"), LegacyPolicyRules.GREATER_THAN_0_WHEN_DEFINED);
    LegacyPolicyRules.greaterThan0OrNil(v, path.field("perTryTimeout"), perTryTimeout);
    if (backOff == null) return;
    FieldPath b = path.field("backOff");
    if (backOff.baseInterval() == null) {
      v.add(b.field("baseInterval"), LegacyPolicyRules.HAS_TO_BE_DEFINED);
    } else if (LegacyPolicyRules.duration(v, b.field("baseInterval"), backOff.baseInterval()).filter(java.time.Duration::isZero).isPresent()) {
      v.add(b.field("baseInterval"), LegacyPolicyRules.GREATER_THAN_0);
    } else {
      LegacyPolicyRules.greaterThan0OrNil(v, b.field("maxInterval"), backOff.maxInterval());
    }
  }

  private static boolean none(List<?> list) {
    return list == null || list.isEmpty();
  }
}
