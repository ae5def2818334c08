package dev.atrium.core.validation;

import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.retry.MeshRetrySpec;
import dev.atrium.core.model.retry.MeshRetrySpec.BackOff;
import dev.atrium.core.model.retry.MeshRetrySpec.Conf;
import dev.atrium.core.model.retry.MeshRetrySpec.Grpc;
import dev.atrium.core.model.retry.MeshRetrySpec.Http;
import dev.atrium.core.model.retry.MeshRetrySpec.Predicate;
import dev.atrium.core.model.retry.MeshRetrySpec.RateLimitedBackOff;
import dev.atrium.core.model.route.TargetRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kuma 2.14's MeshRetry validator with its paths and messages. Only system-role policies may target a
 * MeshGateway (with listener tags) or a MeshHTTPRoute, and behind those {@code to} takes Mesh or
 * MeshExternalService only. Each {@code default} — reported under Kuma's extra {@code conf} path
 * segment — sets tcp, http or grpc; a section set must not be empty, retryOn items must be known.
 */
final class MeshRetryValidator {
  private MeshRetryValidator() {}

  static final List<String> TOP_KINDS_SYSTEM = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_GATEWAY, TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET,
      TargetRefRules.MESH_HTTP_ROUTE, TargetRefRules.DATAPLANE);
  static final List<String> TOP_KINDS_OTHER = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET, TargetRefRules.DATAPLANE);
  static final List<String> TO_KINDS_ROUTE_OR_GATEWAY = List.of(TargetRefRules.MESH, TargetRefRules.MESH_EXTERNAL_SERVICE);
  static final List<String> TO_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SERVICE,
      TargetRefRules.MESH_EXTERNAL_SERVICE, TargetRefRules.MESH_MULTI_ZONE_SERVICE, TargetRefRules.MESH_HTTP_ROUTE);

  /** The PascalCase retryOn items Kuma knows, besides status codes. */
  static final Set<String> HTTP_RETRY_ON = Set.of("5xx", "GatewayError", "Reset", "Retriable4xx", "ConnectFailure",
      "EnvoyRatelimited", "RefusedStream", "Http3PostConnectFailure", "HttpMethodConnect", "HttpMethodDelete",
      "HttpMethodGet", "HttpMethodHead", "HttpMethodOptions", "HttpMethodPatch", "HttpMethodPost", "HttpMethodPut",
      "HttpMethodTrace");
  static final Set<String> GRPC_RETRY_ON = Set.of("Canceled", "DeadlineExceeded", "Internal", "ResourceExhausted",
      "Unavailable");

  static void validate(MeshRetrySpec spec, Map<String, String> labels, FieldPath root, Violations v) {
    if (spec.targetRef() != null) {
      boolean system = RouteTargetRules.isSystemRole(labels);
      TargetRefRules.check(v, root.field("targetRef"), TargetRefRules.Ref.of(spec.targetRef()),
          system ? TOP_KINDS_SYSTEM : TOP_KINDS_OTHER, system);
    }
    String top = topKind(spec.targetRef());
    boolean routeOrGateway = top.equals(TargetRefRules.MESH_HTTP_ROUTE) || top.equals(TargetRefRules.MESH_GATEWAY);
    for (int i = 0; i < spec.to().size(); i++) {
      FieldPath path = root.field("to").index(i);
      MeshRetrySpec.To to = spec.to().get(i);
      if (to.targetRef() == null) {
        v.add(path.field("targetRef").field("kind"), "must be defined");
      } else {
        TargetRefRules.check(v, path.field("targetRef"), TargetRefRules.Ref.of(to.targetRef()),
            routeOrGateway ? TO_KINDS_ROUTE_OR_GATEWAY : TO_KINDS, false);
      }
      conf(v, path.field("default").field("conf"), to.defaultConf());
    }
  }

  /** An absent top-level targetRef means the whole mesh (Kuma's default). */
  private static String topKind(TargetRef ref) {
    return ref == null || ref.kind() == null || ref.kind().isEmpty() ? TargetRefRules.MESH : ref.kind();
  }

  private static void conf(Violations v, FieldPath path, Conf conf) {
    if (conf == null || (conf.tcp() == null && conf.http() == null && conf.grpc() == null)) {
      v.add(path, "at least one of the 'tcp', 'http', 'grpc' must be specified");
      return;
    }
    if (conf.tcp() != null) {
      Long attempts = conf.tcp().maxConnectAttempt();
      if (attempts == null) {
        v.add(path.field("tcp"), "must not be empty");
      } else if (attempts <= 0) {
        v.add(path.field("tcp").field("maxConnectAttempt"), "must be greater than 0");
      }
    }
    if (conf.http() != null) http(v, path.field("http"), conf.http());
    if (conf.grpc() != null) grpc(v, path.field("grpc"), conf.grpc());
  }

  private static void http(Violations v, FieldPath path, Http http) {
    if (http.numRetries() == null && http.perTryTimeout() == null && http.backOff() == null && http.retryOn() == null
        && http.retriableRequestHeaders() == null && http.retriableResponseHeaders() == null
        && http.rateLimitedBackOff() == null && http.hostSelection() == null) {
      v.add(path, "must not be empty");
    }
    duration(v, path.field("perTryTimeout"), http.perTryTimeout());
    backOff(v, path.field("backOff"), http.backOff());
    rateLimitedBackOff(v, path.field("rateLimitedBackOff"), http.rateLimitedBackOff());
    if (http.retryOn() != null) {
      for (int i = 0; i < http.retryOn().size(); i++) {
        String item = http.retryOn().get(i);
        if (!HTTP_RETRY_ON.contains(item) && statusCode(item).isEmpty()) {
          v.add(path.field("retryOn").index(i), "unknown item '" + item + "'");
        }
      }
    }
    if (http.hostSelection() != null) hostSelection(v, path.field("hostSelection"), http.hostSelection());
  }

  private static void grpc(Violations v, FieldPath path, Grpc grpc) {
    if (grpc.numRetries() == null && grpc.perTryTimeout() == null && grpc.backOff() == null && grpc.retryOn() == null
        && grpc.rateLimitedBackOff() == null) {
      v.add(path, "must not be empty");
    }
    duration(v, path.field("perTryTimeout"), grpc.perTryTimeout());
    backOff(v, path.field("backOff"), grpc.backOff());
    rateLimitedBackOff(v, path.field("rateLimitedBackOff"), grpc.rateLimitedBackOff());
    if (grpc.retryOn() != null) {
      for (int i = 0; i < grpc.retryOn().size(); i++) {
        String item = grpc.retryOn().get(i);
        if (!GRPC_RETRY_ON.contains(item)) v.add(path.field("retryOn").index(i), "unknown item '" + item + "'");
      }
    }
  }

  private static void backOff(Violations v, FieldPath path, BackOff backOff) {
    if (backOff == null) return;
    if (backOff.baseInterval() == null && backOff.maxInterval() == null) v.add(path, "must not be empty");
    duration(v, path.field("baseInterval"), backOff.baseInterval());
    duration(v, path.field("maxInterval"), backOff.maxInterval());
  }

  private static void rateLimitedBackOff(Violations v, FieldPath path, RateLimitedBackOff backOff) {
    if (backOff == null) return;
    if (backOff.maxInterval() != null) {
      Optional<Duration> d = GoDuration.parse(backOff.maxInterval());
      if (d.isEmpty()) {
        v.add(path.field("maxInterval"), "time: invalid duration \"" + backOff.maxInterval() + "\"");
      } else if (d.get().isNegative() || d.get().isZero()) {
        v.add(path.field("maxInterval"), "must be defined and greater than zero");
      }
    }
    if (backOff.resetHeaders() == null) {
      v.add(path.field("resetHeaders"), "must be defined");
      return;
    }
    for (int i = 0; i < backOff.resetHeaders().size(); i++) {
      var header = backOff.resetHeaders().get(i);
      if (header == null || header.name() == null || header.name().isEmpty()) {
        v.add(path.field("resetHeaders").index(i).field("name"), "must be defined");
      }
    }
  }

  private static void hostSelection(Violations v, FieldPath path, List<Predicate> predicates) {
    boolean priorities = false;
    for (int i = 0; i < predicates.size(); i++) {
      Predicate p = predicates.get(i);
      String type = p.predicate() == null ? "" : p.predicate();
      switch (type) {
        case "OmitPreviousHosts" -> { }
        case "OmitHostsWithTags" -> {
          if (p.tags() == null) v.add(path.index(i).field("tags"), "must be defined");
        }
        case "OmitPreviousPriorities" -> {
          if (priorities) v.add(path.index(i).field("predicate"), "OmitPreviousPriorities must only be specified once");
          if (p.updateFrequency() == null || p.updateFrequency() <= 0) {
            v.add(path.index(i).field("updateFrequency"), "must be defined and greater than zero");
          }
          priorities = true;
        }
        default -> v.add(path.index(i).field("predicate"), "unknown predicate type '" + type + "'");
      }
    }
  }

  /** A malformed Go duration fails Kuma's decoding with Go's message. */
  private static void duration(Violations v, FieldPath path, String text) {
    if (text != null && GoDuration.parse(text).isEmpty()) v.add(path, "time: invalid duration \"" + text + "\"");
  }

  /** {@code item} as an HTTP status code Go has a name for (Kuma's test: a non-empty http.StatusText). */
  static Optional<Integer> statusCode(String item) {
    if (item == null || !item.matches("[0-9]{1,9}")) return Optional.empty();
    int code = Integer.parseInt(item);
    return KNOWN_STATUS_CODES.contains(code) ? Optional.of(code) : Optional.empty();
  }

  private static final Set<Integer> KNOWN_STATUS_CODES = Set.of(100, 101, 102, 103, 200, 201, 202, 203, 204, 205,
      206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409,
      410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502,
      503, 504, 505, 506, 507, 508, 510, 511);
}
