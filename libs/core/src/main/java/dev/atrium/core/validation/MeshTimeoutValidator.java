package dev.atrium.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.route.TargetRef;
import dev.atrium.core.model.timeout.MeshTimeoutSpec;
import dev.atrium.core.model.timeout.MeshTimeoutSpec.Conf;
import dev.atrium.core.model.timeout.MeshTimeoutSpec.Http;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kuma 2.14's MeshTimeout validator with its paths and messages. Only system-role policies (no
 * {@code kuma.io/policy-role} label, or {@code system}) may target a MeshGateway (with listener tags) or a
 * MeshHTTPRoute; behind those two {@code from} must not be defined and {@code to} takes Mesh or
 * MeshExternalService only. Every {@code default} sets at least one timeout, none negative, and the
 * connection timeout, when set, is above zero.
 */
final class MeshTimeoutValidator {
  private MeshTimeoutValidator() {}

  static final List<String> TOP_KINDS_SYSTEM = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.DATAPLANE, TargetRefRules.MESH_GATEWAY, TargetRefRules.MESH_SERVICE,
      TargetRefRules.MESH_SERVICE_SUBSET, TargetRefRules.MESH_HTTP_ROUTE);
  static final List<String> TOP_KINDS_OTHER = List.of(TargetRefRules.MESH, TargetRefRules.DATAPLANE,
      TargetRefRules.MESH_SUBSET, TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET);
  static final List<String> TO_KINDS_ROUTE_OR_GATEWAY = List.of(TargetRefRules.MESH, TargetRefRules.MESH_EXTERNAL_SERVICE);
  static final List<String> TO_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SERVICE,
      TargetRefRules.MESH_EXTERNAL_SERVICE, TargetRefRules.MESH_MULTI_ZONE_SERVICE, TargetRefRules.MESH_HTTP_ROUTE);
  static final List<String> FROM_KINDS = List.of(TargetRefRules.MESH);

  private static final String UNDER_ROUTE = "can't be specified when top-level TargetRef is referencing MeshHTTPRoute";
  private static final String UNDER_SPIFFE_ID =
      "can't be specified when matches contain spiffeID because this field cannot be conditioned on source identity";

  static void validate(MeshTimeoutSpec spec, Map<String, String> labels, FieldPath root, Violations v) {
    boolean inboundPolicy = !spec.from().isEmpty() || !spec.rules().isEmpty();
    if (spec.targetRef() != null) {
      List<String> kinds = RouteTargetRules.isSystemRole(labels) ? TOP_KINDS_SYSTEM : TOP_KINDS_OTHER;
      TargetRefRules.check(v, root.field("targetRef"), TargetRefRules.Ref.of(spec.targetRef()), kinds,
          RouteTargetRules.isSystemRole(labels), inboundPolicy);
    }
    if (!spec.rules().isEmpty() && (!spec.to().isEmpty() || !spec.from().isEmpty())) {
      v.add(root, "fields 'to' and 'from' must be empty when 'rules' is defined");
    }
    if (spec.rules().isEmpty() && spec.to().isEmpty() && spec.from().isEmpty()) {
      v.add(root, "at least one of 'from', 'to' or 'rules' has to be defined");
    }
    String top = topKind(spec.targetRef());
    boolean routeOrGateway = top.equals(TargetRefRules.MESH_HTTP_ROUTE) || top.equals(TargetRefRules.MESH_GATEWAY);
    if (routeOrGateway && !spec.from().isEmpty()) {
      v.add(root.field("from"), "must not be defined");
    } else {
      for (int i = 0; i < spec.from().size(); i++) {
        FieldPath path = root.field("from").index(i);
        MeshTimeoutSpec.From from = spec.from().get(i);
        targetRef(v, path.field("targetRef"), from.targetRef(), FROM_KINDS);
        conf(v, path.field("default"), from.defaultConf(), top);
      }
    }
    for (int i = 0; i < spec.to().size(); i++) {
      FieldPath path = root.field("to").index(i);
      MeshTimeoutSpec.To to = spec.to().get(i);
      targetRef(v, path.field("targetRef"), to.targetRef(), routeOrGateway ? TO_KINDS_ROUTE_OR_GATEWAY : TO_KINDS);
      conf(v, path.field("default"), to.defaultConf(), top);
    }
    for (int i = 0; i < spec.rules().size(); i++) {
      FieldPath path = root.field("rules").index(i);
      MeshTimeoutSpec.Rule rule = spec.rules().get(i);
      matches(v, path.field("matches"), path.field("default"), rule.matches(), rule.defaultConf());
      conf(v, path.field("default"), rule.defaultConf(), top);
    }
  }

  /** An absent top-level targetRef means the whole mesh (Kuma's default). */
  private static String topKind(TargetRef ref) {
    return ref == null || ref.kind() == null || ref.kind().isEmpty() ? TargetRefRules.MESH : ref.kind();
  }

  private static void targetRef(Violations v, FieldPath path, TargetRef ref, List<String> kinds) {
    if (ref == null) {
      v.add(path.field("kind"), "must be defined");
    } else {
      TargetRefRules.check(v, path, TargetRefRules.Ref.of(ref), kinds, false);
    }
  }

  private static void matches(Violations v, FieldPath matchesPath, FieldPath defaultPath, List<JsonNode> matches, Conf conf) {
    boolean spiffeId = false;
    for (int i = 0; i < matches.size(); i++) {
      FieldPath path = matchesPath.index(i);
      JsonNode match = matches.get(i);
      if (!match.has("spiffeID") && !match.has("sni")) {
        v.add(path, "must specify at least one of 'spiffeID' or 'sni'");
        continue;
      }
      if (match.has("spiffeID")) {
        spiffeId = true;
        String type = match.path("spiffeID").path("type").asText("");
        if (type.isEmpty()) {
          v.add(path.field("spiffeID").field("type"), "must be set");
        } else if (!type.equals("Exact") && !type.equals("Prefix")) {
          v.add(path.field("spiffeID").field("type"), "unrecognized type \"" + type + "\", supported values are: Exact, Prefix");
        }
      }
    }
    if (spiffeId && conf != null) {
      // What a connection is set up with cannot depend on who the caller turns out to be.
      mustBeNull(v, defaultPath.field("connectionTimeout"), conf.connectionTimeout(), UNDER_SPIFFE_ID);
      mustBeNull(v, defaultPath.field("idleTimeout"), conf.idleTimeout(), UNDER_SPIFFE_ID);
      Http http = conf.http();
      if (http != null) {
        FieldPath h = defaultPath.field("http");
        mustBeNull(v, h.field("requestHeadersTimeout"), http.requestHeadersTimeout(), UNDER_SPIFFE_ID);
        mustBeNull(v, h.field("maxStreamDuration"), http.maxStreamDuration(), UNDER_SPIFFE_ID);
        mustBeNull(v, h.field("maxConnectionDuration"), http.maxConnectionDuration(), UNDER_SPIFFE_ID);
      }
    }
  }

  private static void conf(Violations v, FieldPath path, Conf conf, String topKind) {
    if (conf == null || (conf.connectionTimeout() == null && conf.idleTimeout() == null && conf.http() == null)) {
      v.add(path, "at least one timeout should be configured");
      return;
    }
    if (topKind.equals(TargetRefRules.MESH_HTTP_ROUTE)) {
      // A route has no connections of its own: only per-request timeouts apply to it.
      mustBeNull(v, path.field("connectionTimeout"), conf.connectionTimeout(), UNDER_ROUTE);
      mustBeNull(v, path.field("idleTimeout"), conf.idleTimeout(), UNDER_ROUTE);
      if (conf.http() != null) {
        mustBeNull(v, path.field("http").field("maxStreamDuration"), conf.http().maxStreamDuration(), UNDER_ROUTE);
        mustBeNull(v, path.field("http").field("maxConnectionDuration"), conf.http().maxConnectionDuration(), UNDER_ROUTE);
      }
    }
    duration(v, path.field("connectionTimeout"), conf.connectionTimeout(), true);
    duration(v, path.field("idleTimeout"), conf.idleTimeout(), false);
    Http http = conf.http();
    if (http == null) return;
    FieldPath h = path.field("http");
    if (http.requestTimeout() == null && http.streamIdleTimeout() == null && http.maxStreamDuration() == null
        && http.maxConnectionDuration() == null) {
      v.add(h, "at least one timeout in this section should be configured");
    }
    duration(v, h.field("requestTimeout"), http.requestTimeout(), false);
    duration(v, h.field("streamIdleTimeout"), http.streamIdleTimeout(), false);
    duration(v, h.field("maxStreamDuration"), http.maxStreamDuration(), false);
    duration(v, h.field("maxConnectionDuration"), http.maxConnectionDuration(), false);
    duration(v, h.field("requestHeadersTimeout"), http.requestHeadersTimeout(), false);
  }

  /** Kuma's ValidateDurationGreaterThanZeroOrNil / ValidateDurationNotNegativeOrNil; Go's message for a malformed one. */
  private static void duration(Violations v, FieldPath path, String text, boolean aboveZero) {
    if (text == null) return;
    Optional<Duration> d = GoDuration.parse(text);
    if (d.isEmpty()) {
      v.add(path, "time: invalid duration \"" + text + "\"");
    } else if (aboveZero && (d.get().isNegative() || d.get().isZero())) {
      v.add(path, "must be greater than zero when defined");
    } else if (d.get().isNegative()) {
      v.add(path, "must not be negative when defined");
    }
  }

  private static void mustBeNull(Violations v, FieldPath path, Object value, String message) {
    if (value != null) v.add(path, message);
  }
}
