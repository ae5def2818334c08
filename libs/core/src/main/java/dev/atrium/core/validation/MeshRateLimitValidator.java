package dev.atrium.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.ratelimit.MeshRateLimitSpec;
import dev.atrium.core.model.ratelimit.MeshRateLimitSpec.Conf;
import dev.atrium.core.model.ratelimit.MeshRateLimitSpec.Rate;
import dev.atrium.core.model.route.TargetRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kuma 2.14's MeshRateLimit validator with its paths and messages. Where a policy lands decides its
 * shape: a scope that includes gateways (MeshGateway, MeshHTTPRoute, or Mesh/MeshSubset without
 * {@code proxyTypes: [Sidecar]} only) takes {@code to} and neither {@code from} nor {@code rules};
 * a sidecar-only scope takes {@code from} or {@code rules} and no {@code to}. Every {@code default}
 * has a {@code local} part with http and/or tcp, rates above 0 per interval above 50ms.
 */
final class MeshRateLimitValidator {
  private MeshRateLimitValidator() {}

  static final List<String> TOP_KINDS_SYSTEM = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_GATEWAY, TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET,
      TargetRefRules.MESH_HTTP_ROUTE, TargetRefRules.DATAPLANE);
  static final List<String> TOP_KINDS_OTHER = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET, TargetRefRules.DATAPLANE);
  static final List<String> ENTRY_KINDS = List.of(TargetRefRules.MESH);

  /** Envoy's token bucket refuses intervals this short; Kuma requires strictly more. */
  static final Duration MIN_INTERVAL = Duration.ofMillis(50);

  private static final String FROM_WITH_GATEWAYS = "must not be defined when the scope includes a Gateway,"
      + " select only proxyType Sidecar or select only gateways and use spec.to";
  private static final String UNDER_SPIFFE_ID =
      "can't be specified when matches contain spiffeID because this field cannot be conditioned on source identity";

  static void validate(MeshRateLimitSpec spec, Map<String, String> labels, FieldPath root, Violations v) {
    if (!spec.rules().isEmpty() && (!spec.to().isEmpty() || !spec.from().isEmpty())) {
      v.add(root, "fields 'to' and 'from' must be empty when 'rules' is defined");
    }
    if (spec.targetRef() != null) {
      boolean system = RouteTargetRules.isSystemRole(labels);
      TargetRefRules.check(v, root.field("targetRef"), TargetRefRules.Ref.of(spec.targetRef()),
          system ? TOP_KINDS_SYSTEM : TOP_KINDS_OTHER, system, !spec.from().isEmpty() || !spec.rules().isEmpty());
    }
    boolean gateways = includesGateways(spec.targetRef());
    boolean route = TargetRefRules.MESH_HTTP_ROUTE.equals(topKind(spec.targetRef()));
    rules(spec, root, v, gateways || route);
    if (!spec.from().isEmpty() && gateways) {
      v.add(root.field("from"), FROM_WITH_GATEWAYS);
    } else {
      for (int i = 0; i < spec.from().size(); i++) {
        FieldPath path = root.field("from").index(i);
        entryRef(v, path.field("targetRef"), spec.from().get(i).targetRef());
        conf(v, path.field("default"), spec.from().get(i).defaultConf());
      }
    }
    if (!spec.to().isEmpty() && !gateways) {
      v.add(root.field("to"), "must not be defined");
    } else {
      for (int i = 0; i < spec.to().size(); i++) {
        FieldPath path = root.field("to").index(i);
        entryRef(v, path.field("targetRef"), spec.to().get(i).targetRef());
        conf(v, path.field("default"), spec.to().get(i).defaultConf());
      }
    }
  }

  /**
   * Kuma's IncludesGateways: a MeshGateway or MeshHTTPRoute, or Mesh/MeshSubset whose proxyTypes are
   * empty (every proxy) or name Gateway. An absent targetRef is Mesh.
   */
  static boolean includesGateways(TargetRef ref) {
    String kind = topKind(ref);
    if (kind.equals(TargetRefRules.MESH_GATEWAY) || kind.equals(TargetRefRules.MESH_HTTP_ROUTE)) return true;
    boolean meshKind = kind.equals(TargetRefRules.MESH) || kind.equals(TargetRefRules.MESH_SUBSET);
    List<String> proxyTypes = ref == null ? List.of() : ref.proxyTypes();
    return meshKind && (proxyTypes.isEmpty() || proxyTypes.contains("Gateway"));
  }

  private static String topKind(TargetRef ref) {
    return ref == null || ref.kind() == null || ref.kind().isEmpty() ? TargetRefRules.MESH : ref.kind();
  }

  private static void rules(MeshRateLimitSpec spec, FieldPath root, Violations v, boolean notAllowed) {
    if (spec.rules().isEmpty()) return;
    if (notAllowed) {
      v.add(root.field("rules"), "must not be defined");
      return;
    }
    for (int i = 0; i < spec.rules().size(); i++) {
      FieldPath path = root.field("rules").index(i);
      MeshRateLimitSpec.Rule rule = spec.rules().get(i);
      matches(v, path, rule.matches(), rule.defaultConf());
      conf(v, path.field("default"), rule.defaultConf());
    }
  }

  private static void matches(Violations v, FieldPath rulePath, List<JsonNode> matches, Conf conf) {
    boolean spiffeId = false;
    for (int i = 0; i < matches.size(); i++) {
      FieldPath path = rulePath.field("matches").index(i);
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
    // A connection is accepted or refused before the caller's identity is known to a route.
    if (spiffeId && conf != null && conf.local() != null && conf.local().tcp() != null) {
      v.add(rulePath.field("default").field("local").field("tcp"), UNDER_SPIFFE_ID);
    }
  }

  private static void entryRef(Violations v, FieldPath path, TargetRef ref) {
    if (ref == null) {
      v.add(path.field("kind"), "must be defined");
    } else {
      TargetRefRules.check(v, path, TargetRefRules.Ref.of(ref), ENTRY_KINDS, false);
    }
  }

  private static void conf(Violations v, FieldPath path, Conf conf) {
    FieldPath local = path.field("local");
    if (conf == null || conf.local() == null) {
      v.add(local, "must be defined");
      return;
    }
    MeshRateLimitSpec.Http http = conf.local().http();
    MeshRateLimitSpec.Tcp tcp = conf.local().tcp();
    if (http == null && tcp == null) v.add(local, "must have at least one defined: tcp, http");
    if (http != null) {
      FieldPath h = local.field("http");
      if (http.disabled() == null && http.requestRate() == null && http.onRateLimit() == null) {
        v.add(h, "must have at least one defined: disabled, requestRate, onRateLimit");
      } else {
        if (http.requestRate() != null) rate(v, h.field("requestRate"), http.requestRate());
        if (http.onRateLimit() != null && http.onRateLimit().status() != null && http.onRateLimit().status() <= 0) {
          v.add(h.field("onRateLimit").field("status"), "must be greater than 0");
        }
      }
    }
    if (tcp != null) {
      FieldPath t = local.field("tcp");
      if (tcp.disabled() == null && tcp.connectionRate() == null) {
        v.add(t, "must have at least one defined: disabled, connectionRate");
      } else if (tcp.connectionRate() != null) {
        rate(v, t.field("connectionRate"), tcp.connectionRate());
      }
    }
  }

  /** A missing num or interval is Go's zero value there, so it gets the same message as 0. */
  private static void rate(Violations v, FieldPath path, Rate rate) {
    if (rate.num() == null || rate.num() <= 0) v.add(path.field("num"), "must be greater than 0");
    String text = rate.interval() == null ? "0s" : rate.interval();
    Optional<Duration> d = GoDuration.parse(text);
    if (d.isEmpty()) {
      v.add(path.field("interval"), "time: invalid duration \"" + text + "\"");
    } else if (d.get().compareTo(MIN_INTERVAL) <= 0) {
      v.add(path.field("interval"), "must be greater than: 50ms");
    }
  }
}
