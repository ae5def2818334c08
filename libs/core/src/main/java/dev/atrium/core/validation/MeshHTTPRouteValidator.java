package dev.atrium.core.validation;

import dev.atrium.core.model.route.BackendRef;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.FilterType;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.HeaderMatch;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.HeaderMatchType;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.Match;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.PathMatch;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.PathMatchType;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.Rule;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.To;
import dev.atrium.core.validation.RouteTargetRules.Attachment;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kuma 2.14's MeshHTTPRoute validation (meshhttproute/api/v1alpha1/validation.go) with its messages.
 * Filters are checked by {@link HttpRouteFilterRules}.
 */
final class MeshHTTPRouteValidator {
  private MeshHTTPRouteValidator() {}

  static final List<String> BACKEND_KINDS = List.of(TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET,
      TargetRefRules.MESH_EXTERNAL_SERVICE, TargetRefRules.MESH_MULTI_ZONE_SERVICE);

  static void validate(MeshHTTPRouteSpec spec, Map<String, String> labels, FieldPath root, Violations v) {
    Attachment attachment = RouteTargetRules.top(v, root.field("targetRef"), spec.targetRef(), labels);
    for (int i = 0; i < spec.to().size(); i++) {
      FieldPath path = root.field("to").index(i);
      To to = spec.to().get(i);
      RouteTargetRules.to(v, path.field("targetRef"), to.targetRef(), attachment);
      for (int j = 0; j < to.rules().size(); j++) rule(v, path.field("rules").index(j), to.rules().get(j), attachment);
      // Hostnames pick a gateway listener's virtual host; a sidecar has none to pick.
      if (attachment == Attachment.SIDECAR && !to.hostnames().isEmpty()) v.add(path.field("hostnames"), "must not be defined");
    }
  }

  private static void rule(Violations v, FieldPath path, Rule rule, Attachment attachment) {
    for (int i = 0; i < rule.matches().size(); i++) match(v, path.field("matches").index(i), rule.matches().get(i));
    MeshHTTPRouteSpec.RuleConf conf = rule.defaultConf() == null
        ? new MeshHTTPRouteSpec.RuleConf(List.of(), List.of()) : rule.defaultConf();
    FieldPath defaultPath = path.field("default");
    for (int i = 0; i < conf.filters().size(); i++) {
      HttpRouteFilterRules.filter(v, defaultPath.field("filters").index(i), conf.filters().get(i), rule.matches(),
          attachment);
    }
    FieldPath backendsPath = defaultPath.field("backendRefs");
    boolean redirects = conf.filters().stream().anyMatch(f -> f.type() == FilterType.RequestRedirect);
    // A gateway route must send traffic somewhere; only a redirect answers by itself.
    if (attachment == Attachment.GATEWAY && conf.backendRefs().isEmpty() && !redirects) v.add(backendsPath, "must not be empty");
    for (int i = 0; i < conf.backendRefs().size(); i++) backendRef(v, backendsPath.index(i), conf.backendRefs().get(i), BACKEND_KINDS);
  }

  private static void match(Violations v, FieldPath path, Match m) {
    PathMatch p = m.path();
    if (p != null) {
      FieldPath valuePath = path.field("path").field("value");
      String value = p.value() == null ? "" : p.value();
      if (p.type() == null) {
        v.add(path.field("path").field("type"), "must be defined");
      } else if (p.type() == PathMatchType.PathPrefix && !value.equals("/")) {
        if (value.endsWith("/")) {
          v.add(valuePath, "does not need a trailing slash because only a `/`-separated prefix or an entire path is matched");
        }
        if (!value.startsWith("/")) v.add(valuePath, "must be an absolute path");
      } else if (p.type() == PathMatchType.Exact && !value.startsWith("/")) {
        v.add(valuePath, "must be an absolute path");
      }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < m.queryParams().size(); i++) {
      String name = m.queryParams().get(i).name();
      if (!names.add(name)) v.add(path.field("queryParams").index(i).field("name"), "multiple entries for name " + name);
    }
    for (int i = 0; i < m.headers().size(); i++) {
      HeaderMatch h = m.headers().get(i);
      HeaderMatchType type = h.effectiveType();
      boolean valueless = type == HeaderMatchType.Present || type == HeaderMatchType.Absent;
      if (valueless && h.value() != null && !h.value().isEmpty()) {
        v.add(path.field("headers").index(i).field("value"), "must not be defined");
      }
    }
  }

  /** A weighted destination: a target reference plus weight and port. */
  static void backendRef(Violations v, FieldPath path, BackendRef ref, List<String> kinds) {
    TargetRefRules.check(v, path, TargetRefRules.Ref.of(ref), kinds, false);
    if (ref.weight() != null && ref.weight() < 0) v.add(path.field("weight"), "must not be negative when defined");
    if (ref.port() != null) NetworkRules.port(v, path.field("port"), ref.port());
  }
}
