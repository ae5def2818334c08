package dev.atrium.core.translate;

import dev.atrium.core.ir.RouteIr.Header;
import dev.atrium.core.ir.RouteIr.HeaderChangesIr;
import dev.atrium.core.ir.RouteIr.HeaderMatchIr;
import dev.atrium.core.ir.RouteIr.MirrorIr;
import dev.atrium.core.ir.RouteIr.QueryMatchIr;
import dev.atrium.core.ir.RouteIr.RedirectIr;
import dev.atrium.core.ir.RouteIr.RewriteIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.Filter;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.HeaderMatch;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.HeaderModifier;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.Match;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.PathRewrite;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.PathRewriteType;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.QueryMatchType;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.RequestMirror;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.RequestRedirect;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.Rule;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.UrlRewrite;
import dev.atrium.core.policy.Origin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MeshHTTPRoute rules on a gateway's virtual host, as the same routes {@link GatewayRouteRules} makes
 * for MeshGatewayRoutes: one per match (matches are OR'ed; a rule without matches is prefix {@code /}),
 * each with the rule's redirect, or else its backendRefs (one cluster or weighted clusters), plus
 * header modifiers and URL rewrite. A {@code to: Mesh} entry applies to a host when it lists no
 * hostnames or one covers the listener's hostname (decided by the policy stage, {@code dev.atrium.core.policy}).
 *
 * RequestMirror copies the rule's requests to its backendRef's service ({@code percentage}, default 100).
 *
 * <p>Not done yet: rules of several routes with identical matches are not merged (both are kept, the
 * first by route name wins).
 */
final class MeshHttpRouteRules {
  private MeshHttpRouteRules() {}

  /** Gateway API's order, which Kuma's route precedence (with query parameter counts) already is. */
  static final Comparator<RouteRuleIr> PRECEDENCE = GatewayRouteRules.PRECEDENCE;

  /**
   * The routes of the {@code to} entries {@code to} (those that apply on the virtual host, as the policy
   * stage resolved them) of a MeshHTTPRoute, unsorted; each carries its origin {@code spec.to[t].rules[i]}.
   */
  static List<RouteRuleIr> forHost(Resource route, List<Integer> to, GatewayBackends backends) {
    List<RouteRuleIr> out = new ArrayList<>();
    List<MeshHTTPRouteSpec.To> entries = route.specAs(MeshHTTPRouteSpec.class).to();
    for (int t : to) {
      List<Rule> rules = entries.get(t).rules();
      for (int i = 0; i < rules.size(); i++) out.addAll(translate(rules.get(i), backends, origin(route, t, i)));
    }
    return out;
  }

  /** Where a MeshHTTPRoute rule's routes come from. */
  static Origin origin(Resource route, int to, int rule) {
    return new Origin(route.kind(), route.name(), "spec.to[" + to + "].rules[" + rule + "]");
  }

  static List<RouteRuleIr> translate(Rule rule, GatewayBackends backends, Origin origin) {
    RequestRedirect redirect = null;
    UrlRewrite rewrite = null;
    HeaderChangesIr request = null;
    HeaderChangesIr response = null;
    List<RequestMirror> mirrorFilters = new ArrayList<>();
    List<Filter> filters = rule.defaultConf() == null ? List.of() : rule.defaultConf().filters();
    for (Filter f : filters) {
      if (f.type() == null) continue;
      switch (f.type()) {
        case RequestRedirect -> redirect = f.requestRedirect();
        case URLRewrite -> rewrite = f.urlRewrite();
        case RequestHeaderModifier -> request = merge(request, f.requestHeaderModifier());
        case ResponseHeaderModifier -> response = merge(response, f.responseHeaderModifier());
        case RequestMirror -> { if (f.requestMirror() != null) mirrorFilters.add(f.requestMirror()); }
      }
    }
    RedirectIr redirectIr = redirect == null ? null : redirect(redirect);
    List<WeightedCluster> clusters = redirectIr != null || rule.defaultConf() == null ? List.of()
        : GatewayMeshRoutes.clusters(rule.defaultConf().backendRefs(), true, backends, origin);
    if (redirectIr == null && clusters.isEmpty()) return List.of();
    String cluster = clusters.size() == 1 ? clusters.get(0).cluster() : null;
    List<WeightedCluster> weighted = clusters.size() > 1 ? clusters : null;
    RewriteIr rewriteIr = redirectIr != null || rewrite == null ? null : rewrite(rewrite);
    List<MirrorIr> mirrors = redirectIr != null ? List.of() : mirrors(mirrorFilters, backends, origin);

    List<Match> matches = rule.matches().isEmpty() ? List.of(new Match(null, null, null, null)) : rule.matches();
    List<RouteRuleIr> routes = new ArrayList<>();
    for (Match match : matches) {
      String prefix = null, exact = null, separated = null, regex = null;
      if (match.path() == null || match.path().type() == null) {
        prefix = "/";
      } else {
        String value = match.path().value();
        switch (match.path().type()) {
          case Exact -> exact = value;
          case PathPrefix -> {
            // A trailing slash does not change the match: /api/ matches /api and /api/... (Gateway API, Kuma).
            String trimmed = value.replaceAll("/+$", "");
            if (trimmed.isEmpty()) prefix = "/"; else separated = trimmed;
          }
          case RegularExpression -> regex = value;
        }
      }
      routes.add(new RouteRuleIr(prefix, exact, separated, regex, headers(match), query(match), cluster, weighted,
          rewriteIr, redirectIr, null, request, response, mirrors, origin));
    }
    return routes;
  }

  private static List<MirrorIr> mirrors(List<RequestMirror> filters, GatewayBackends backends, Origin origin) {
    List<MirrorIr> mirrors = new ArrayList<>();
    for (RequestMirror m : filters) {
      if (m.backendRef() == null) continue;
      double percent = m.percentage() == null || m.percentage().isBlank() ? 100 : Double.parseDouble(m.percentage().trim());
      GatewayMeshRoutes.clusters(List.of(m.backendRef()), true, backends, origin)
          .forEach(c -> mirrors.add(new MirrorIr(c.cluster(), percent)));
    }
    return mirrors;
  }

  private static List<HeaderMatchIr> headers(Match match) {
    List<HeaderMatchIr> headers = new ArrayList<>();
    if (match.method() != null) headers.add(new HeaderMatchIr(":method", HeaderMatchIr.MatchType.EXACT, match.method().name()));
    for (HeaderMatch h : match.headers()) {
      HeaderMatchIr.MatchType type = switch (h.effectiveType()) {
        case Exact -> HeaderMatchIr.MatchType.EXACT;
        case Present -> HeaderMatchIr.MatchType.PRESENT;
        case RegularExpression -> HeaderMatchIr.MatchType.REGEX;
        case Absent -> HeaderMatchIr.MatchType.ABSENT;
        case Prefix -> HeaderMatchIr.MatchType.PREFIX;
      };
      boolean valued = type != HeaderMatchIr.MatchType.PRESENT && type != HeaderMatchIr.MatchType.ABSENT;
      headers.add(new HeaderMatchIr(h.name(), type, valued ? h.value() : null));
    }
    return headers;
  }

  private static List<QueryMatchIr> query(Match match) {
    return match.queryParams().stream()
        .map(q -> new QueryMatchIr(q.name(), q.type() == QueryMatchType.RegularExpression, q.value()))
        .toList();
  }

  /** Gateway API's default redirect status is 302. */
  private static RedirectIr redirect(RequestRedirect r) {
    int status = r.statusCode() == null ? 302 : r.statusCode();
    return new RedirectIr(r.scheme(), r.hostname(), r.port(), status, fullPath(r.path()), prefix(r.path()));
  }

  private static RewriteIr rewrite(UrlRewrite r) {
    boolean toBackend = Boolean.TRUE.equals(r.hostToBackendHostname());
    return new RewriteIr(fullPath(r.path()), prefix(r.path()), toBackend, toBackend ? null : r.hostname());
  }

  private static String fullPath(PathRewrite p) {
    return p != null && p.type() == PathRewriteType.ReplaceFullPath ? p.replaceFullPath() : null;
  }

  private static String prefix(PathRewrite p) {
    return p != null && p.type() == PathRewriteType.ReplacePrefixMatch ? p.replacePrefixMatch() : null;
  }

  private static HeaderChangesIr merge(HeaderChangesIr into, HeaderModifier m) {
    if (m == null) return into;
    List<Header> set = new ArrayList<>(into == null ? List.of() : into.set());
    List<Header> add = new ArrayList<>(into == null ? List.of() : into.add());
    List<String> remove = new ArrayList<>(into == null ? List.of() : into.remove());
    m.set().forEach(h -> set.add(new Header(h.name(), h.value())));
    m.add().forEach(h -> add.add(new Header(h.name(), h.value())));
    remove.addAll(m.remove());
    return new HeaderChangesIr(set, add, remove);
  }
}
