package dev.atrium.core.validation;

import dev.atrium.core.model.route.MeshHTTPRouteSpec.Filter;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.FilterType;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.HeaderModifier;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.HeaderValue;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.Match;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.PathMatchType;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.PathRewrite;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.PathRewriteType;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.RequestMirror;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.RequestRedirect;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.UrlRewrite;
import dev.atrium.core.validation.RouteTargetRules.Attachment;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One MeshHTTPRoute filter: its {@code type} names which body it carries, and the body must be
 * there (Kuma: "must be defined"). Atrium also refuses bodies of other types, which Kuma would
 * silently ignore.
 */
final class HttpRouteFilterRules {
  private HttpRouteFilterRules() {}

  /** Gateway API's redirect codes, as in Kuma's schema enum. */
  static final List<Integer> REDIRECT_CODES = List.of(301, 302, 303, 307, 308);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  static void filter(Violations v, FieldPath path, Filter f, List<Match> matches, Attachment attachment) {
    Map<FilterType, Object> bodies = new LinkedHashMap<>();
    bodies.put(FilterType.RequestHeaderModifier, f.requestHeaderModifier());
    bodies.put(FilterType.ResponseHeaderModifier, f.responseHeaderModifier());
    bodies.put(FilterType.RequestRedirect, f.requestRedirect());
    bodies.put(FilterType.URLRewrite, f.urlRewrite());
    bodies.put(FilterType.RequestMirror, f.requestMirror());
    if (f.type() == null) {
      v.add(path.field("type"), "must be defined");
      return;
    }
    for (var e : bodies.entrySet()) {
      if (e.getKey() != f.type() && e.getValue() != null) {
        v.add(path.field(bodyField(e.getKey())), "must not be set with type " + f.type());
      }
    }
    FieldPath body = path.field(bodyField(f.type()));
    if (bodies.get(f.type()) == null) {
      v.add(body, "must be defined");
      return;
    }
    switch (f.type()) {
      case RequestHeaderModifier -> headerModifier(v, body, f.requestHeaderModifier());
      case ResponseHeaderModifier -> headerModifier(v, body, f.responseHeaderModifier());
      case RequestRedirect -> redirect(v, body, f.requestRedirect(), matches);
      case URLRewrite -> rewrite(v, body, f.urlRewrite(), matches, attachment);
      case RequestMirror -> mirror(v, body, f.requestMirror());
    }
  }

  private static void headerModifier(Violations v, FieldPath path, HeaderModifier m) {
    if (m.set().isEmpty() && m.add().isEmpty() && m.remove().isEmpty()) {
      v.add(path, "must have at least one defined: set, add, remove");
      return;
    }
    Set<String> seen = new HashSet<>();
    duplicates(v, path.field("set"), m.set(), seen);
    duplicates(v, path.field("add"), m.add(), seen);
    for (int i = 0; i < m.remove().size(); i++) {
      if (!seen.add(m.remove().get(i))) v.add(path.field("remove").index(i), "duplicate header name");
    }
  }

  private static void duplicates(Violations v, FieldPath path, List<HeaderValue> headers, Set<String> seen) {
    for (int i = 0; i < headers.size(); i++) {
      if (!seen.add(headers.get(i).name())) v.add(path.index(i).field("name"), "duplicate header name");
    }
  }

  private static void redirect(Violations v, FieldPath path, RequestRedirect r, List<Match> matches) {
    pathRewrite(v, path.field("path"), r.path(), matches);
    if (r.hostname() != null) NetworkRules.preciseHostname(v, path.field("hostname"), r.hostname());
    if (r.port() != null) NetworkRules.port(v, path.field("port"), r.port());
    if (r.statusCode() != null && !REDIRECT_CODES.contains(r.statusCode())) {
      v.add(path.field("statusCode"), "must be one of " + REDIRECT_CODES);
    }
  }

  private static void rewrite(Violations v, FieldPath path, UrlRewrite r, List<Match> matches, Attachment attachment) {
    pathRewrite(v, path.field("path"), r.path(), matches);
    if (r.hostname() != null) NetworkRules.preciseHostname(v, path.field("hostname"), r.hostname());
    if (Boolean.TRUE.equals(r.hostToBackendHostname())) {
      // Only a gateway knows the backend's hostname when it builds the route.
      if (attachment == Attachment.SIDECAR) {
        v.add(path.field("hostToBackendHostname"), "can only be set with MeshGateway");
      }
      if (r.hostname() != null) v.add(path.field("hostToBackendHostname"), "cannot be set together with hostname");
    }
  }

  private static void pathRewrite(Violations v, FieldPath path, PathRewrite p, List<Match> matches) {
    if (p == null) return;
    if (p.type() == null) {
      v.add(path.field("type"), "must be defined");
    } else if (p.type() == PathRewriteType.ReplaceFullPath && p.replaceFullPath() == null) {
      v.add(path.field("replaceFullPath"), "must be set with type ReplaceFullPath");
    } else if (p.type() == PathRewriteType.ReplacePrefixMatch && p.replacePrefixMatch() == null) {
      v.add(path.field("replacePrefixMatch"), "must be set with type ReplacePrefixMatch");
    }
    // Replacing "the matched prefix" needs every match to have one; no matches means the "/" prefix.
    boolean anyWithoutPrefix = matches.stream().anyMatch(m -> m.path() == null || m.path().type() != PathMatchType.PathPrefix);
    if (p.replacePrefixMatch() != null && anyWithoutPrefix) {
      v.add(path.field("replacePrefixMatch"), "can only appear if all matches match a path prefix");
    }
  }

  private static void mirror(Violations v, FieldPath path, RequestMirror m) {
    FieldPath ref = path.field("backendRef");
    if (m.backendRef() == null) {
      v.add(ref.field("kind"), "must be defined");
    } else {
      MeshHTTPRouteValidator.backendRef(v, ref, m.backendRef(),
          List.of(TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET));
    }
    if (m.percentage() != null) {
      try {
        BigDecimal pct = new BigDecimal(m.percentage().trim());
        if (pct.signum() < 0 || pct.compareTo(HUNDRED) > 0) {
          v.add(path.field("percentage"), "must be in inclusive range [0.0, 100.0]");
        }
      } catch (NumberFormatException e) {
        v.add(path.field("percentage"), "string must be a valid number");
      }
    }
  }

  private static String bodyField(FilterType type) {
    return switch (type) {
      case RequestHeaderModifier -> "requestHeaderModifier";
      case ResponseHeaderModifier -> "responseHeaderModifier";
      case RequestRedirect -> "requestRedirect";
      case URLRewrite -> "urlRewrite";
      case RequestMirror -> "requestMirror";
    };
  }
}
