package dev.atrium.core.validation;

import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Filter;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Header;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.HeaderFilter;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.HeaderMatch;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.HeaderMatchType;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Match;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Mirror;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.PathMatch;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.PathMatchType;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.QueryMatch;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Redirect;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Rewrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The matches and filters of one MeshGatewayRoute HTTP rule, with Kuma's messages. */
final class GatewayRouteMatchRules {
  private GatewayRouteMatchRules() {}

  /** Headers that name the upstream host; rewriting them conflicts with host_to_backend_hostname. */
  private static final Set<String> HOST_HEADERS = Set.of(":authority", "Host", "host");

  static void match(Violations v, FieldPath path, Match m) {
    if (m.isEmpty()) v.add(path, "cannot be empty");
    PathMatch p = m.path();
    if (p != null) {
      FieldPath valuePath = path.field("path").field("value");
      String value = p.value() == null ? "" : p.value();
      if (p.effectiveMatch() == PathMatchType.REGEX) {
        if (value.isEmpty()) v.add(valuePath, "cannot be empty");
      } else if (!value.startsWith("/")) {
        v.add(valuePath, "must be an absolute path");
      }
    }
    for (int i = 0; i < m.headers().size(); i++) {
      FieldPath h = path.field("headers").index(i);
      HeaderMatch header = m.headers().get(i);
      if (isEmpty(header.name())) v.add(h.field("name"), "cannot be empty");
      HeaderMatchType type = header.effectiveMatch();
      if (type == HeaderMatchType.ABSENT || type == HeaderMatchType.PRESENT) {
        if (!isEmpty(header.value())) v.add(h.field("value"), "cannot be set");
      } else if (isEmpty(header.value())) {
        v.add(h.field("value"), "cannot be empty");
      }
    }
    for (int i = 0; i < m.queryParameters().size(); i++) {
      FieldPath q = path.field("queryParameters").index(i);
      QueryMatch query = m.queryParameters().get(i);
      if (isEmpty(query.name())) v.add(q.field("name"), "cannot be empty");
      if (isEmpty(query.value())) v.add(q.field("value"), "cannot be empty");
    }
  }

  static void filter(Violations v, FieldPath path, Filter f, boolean hasPrefixMatch, boolean hostToBackendHostname) {
    List<String> kinds = new ArrayList<>();
    if (f.requestHeader() != null) kinds.add("requestHeader");
    if (f.responseHeader() != null) kinds.add("responseHeader");
    if (f.mirror() != null) kinds.add("mirror");
    if (f.redirect() != null) kinds.add("redirect");
    if (f.rewrite() != null) kinds.add("rewrite");
    if (kinds.size() > 1) {
      // Each filter is one oneof in Kuma's proto; two in one entry would silently drop one.
      v.add(path, "filter must have only one type defined: " + String.join(", ", kinds));
    }
    if (f.requestHeader() != null) requestHeader(v, path.field("requestHeader"), f.requestHeader(), hostToBackendHostname);
    if (f.redirect() != null) redirect(v, path.field("redirect"), f.redirect());
    if (f.mirror() != null) mirror(v, path.field("mirror"), f.mirror());
    if (f.rewrite() != null) rewrite(v, path.field("rewrite"), f.rewrite(), hasPrefixMatch);
  }

  private static void requestHeader(Violations v, FieldPath path, HeaderFilter h, boolean hostToBackendHostname) {
    if (h.isEmpty()) v.add(path, "cannot be empty");
    headers(v, path.field("set"), h.set(), hostToBackendHostname);
    headers(v, path.field("add"), h.add(), hostToBackendHostname);
    for (int i = 0; i < h.remove().size(); i++) {
      if (isEmpty(h.remove().get(i))) v.add(path.field("remove").index(i), "cannot be empty");
    }
  }

  private static void headers(Violations v, FieldPath path, List<Header> headers, boolean hostToBackendHostname) {
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      if (isEmpty(h.name())) {
        v.add(path.index(i).field("name"), "cannot be empty");
      } else if (hostToBackendHostname && HOST_HEADERS.contains(h.name())) {
        v.add(path.index(i), "cannot modify '" + h.name()
            + "' header, when route has set 'rewrite.host_to_backend_hostname' option");
      }
      if (isEmpty(h.value())) v.add(path.index(i).field("value"), "cannot be empty");
    }
  }

  private static void redirect(Violations v, FieldPath path, Redirect r) {
    if (r.port() != null && r.port() != 0) NetworkRules.port(v, path.field("port"), r.port());
    int status = r.statusCode() == null ? 0 : r.statusCode();
    if (status < 300 || status > 308) v.add(path.field("statusCode"), "must be in the range [300, 308]");
  }

  private static void mirror(Violations v, FieldPath path, Mirror m) {
    if (m.percentage() != null && (m.percentage() < 0 || m.percentage() > 100)) {
      v.add(path.field("percentage"), "has to be in [0.0 - 100.0] range");
    }
    MeshGatewayRouteValidator.backend(v, path.field("backend"), m.backend());
  }

  private static void rewrite(Violations v, FieldPath path, Rewrite r, boolean hasPrefixMatch) {
    boolean full = !isEmpty(r.replaceFull());
    boolean prefix = r.replacePrefixMatch() != null;
    if (full && prefix) v.add(path, "rewrite must have only one type defined: replaceFull, replacePrefixMatch");
    if (prefix && !hasPrefixMatch) v.add(path.field("replacePrefixMatch"), "cannot be used without a match on path prefix");
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
