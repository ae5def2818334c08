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
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Filter;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.HeaderFilter;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.HeaderMatch;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.HttpMethod;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.HttpRule;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Match;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Mirror;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.QueryMatch;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.QueryMatchType;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Redirect;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Rewrite;
import dev.atrium.core.policy.Origin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One MeshGatewayRoute HTTP rule as routes: one per match (matches are OR'ed), each carrying the
 * rule's action — a redirect when the rule has one, else its backends (one cluster, or weighted
 * clusters) — and its header changes and rewrite. A PREFIX {@code /p} or {@code /p/} matches {@code /p}
 * and {@code /p/...} but not {@code /pq} (Envoy's path_separated_prefix); {@code /} stays a plain prefix.
 * Redirects keep the query string (Kuma drops it; a client redirected to HTTPS expects its query kept). A match without a path, or a rule without matches, matches every path.
 *
 * A mirror filter copies the rule's requests to its backend's service (100% unless a percentage is
 * given — Kuma reads a missing percentage as 0 and silently mirrors nothing); several mirror filters
 * each get their copy. {@code host_to_backend_hostname} becomes Envoy's
 * auto_host_rewrite, which takes the upstream host's hostname when it has one.
 */
final class GatewayRouteRules {
  private GatewayRouteRules() {}

  /**
   * Kuma's route precedence (route.Sorter): exact path, then prefix, then regex; longer values first;
   * then routes with a method before those without; then more header conditions first; then more query
   * parameter conditions first.
   */
  static final Comparator<RouteRuleIr> PRECEDENCE = Comparator
      .comparingInt(GatewayRouteRules::pathKind)
      .thenComparing(Comparator.comparingInt((RouteRuleIr r) -> pathValue(r).length()).reversed())
      .thenComparingInt(r -> hasMethod(r) ? 0 : 1)
      .thenComparing(Comparator.comparingInt((RouteRuleIr r) -> r.headers().size()).reversed())
      .thenComparing(Comparator.comparingInt((RouteRuleIr r) -> r.queryParameters().size()).reversed());

  /** The routes of one rule, each carrying {@code origin} (the route and rule), as are the clusters it adds. */
  static List<RouteRuleIr> translate(HttpRule rule, GatewayBackends backends, Origin origin) {
    Redirect redirect = null;
    Rewrite rewrite = null;
    HeaderChangesIr request = null;
    HeaderChangesIr response = null;
    List<Mirror> mirrorFilters = new ArrayList<>();
    for (Filter filter : rule.filters()) {
      if (filter.mirror() != null) mirrorFilters.add(filter.mirror());
      if (filter.redirect() != null) redirect = filter.redirect();
      if (filter.rewrite() != null) rewrite = filter.rewrite();
      if (filter.requestHeader() != null) request = merge(request, filter.requestHeader());
      if (filter.responseHeader() != null) response = merge(response, filter.responseHeader());
    }
    RedirectIr redirectIr = redirect == null ? null : redirect(redirect);
    List<WeightedCluster> clusters = redirectIr == null ? backends.clusters(rule.backends(), true, origin) : List.of();
    if (redirectIr == null && clusters.isEmpty()) return List.of();
    String cluster = clusters.size() == 1 ? clusters.get(0).cluster() : null;
    List<WeightedCluster> weighted = clusters.size() > 1 ? clusters : null;
    RewriteIr rewriteIr = redirectIr != null || rewrite == null ? null
        : new RewriteIr(rewrite.replaceFull(), rewrite.replacePrefixMatch(), Boolean.TRUE.equals(rewrite.hostToBackendHostname()));
    List<MirrorIr> mirrors = redirectIr != null ? List.of() : mirrors(mirrorFilters, backends, origin);

    List<Match> matches = rule.matches().isEmpty() ? List.of(new Match(null, null, null, null)) : rule.matches();
    List<RouteRuleIr> routes = new ArrayList<>();
    for (Match match : matches) {
      String prefix = null, exact = null, separated = null, regex = null;
      if (match.path() == null) {
        prefix = "/";
      } else {
        String value = match.path().value();
        switch (match.path().effectiveMatch()) {
          case EXACT -> exact = value;
          case PREFIX -> {
            // A trailing slash does not change the match: /api/ matches /api and /api/... (Gateway API, Kuma).
            String trimmed = value.replaceAll("/+$", "");
            if (trimmed.isEmpty()) prefix = "/"; else separated = trimmed;
          }
          case REGEX -> regex = value;
        }
      }
      routes.add(new RouteRuleIr(prefix, exact, separated, regex, headers(match), query(match), cluster, weighted,
          rewriteIr, redirectIr, null, request, response, mirrors, origin));
    }
    return routes;
  }

  private static List<MirrorIr> mirrors(List<Mirror> filters, GatewayBackends backends, Origin origin) {
    List<MirrorIr> mirrors = new ArrayList<>();
    for (Mirror m : filters) {
      WeightedCluster target = m.backend() == null ? null : backends.destination(m.backend().destination(), 1, true, origin);
      if (target == null) continue;
      double percent = m.percentage() == null ? 100 : m.percentage();
      mirrors.add(new MirrorIr(target.cluster(), percent));
    }
    return mirrors;
  }

  private static List<HeaderMatchIr> headers(Match match) {
    List<HeaderMatchIr> headers = new ArrayList<>();
    if (match.method() != null && match.method() != HttpMethod.NONE) {
      headers.add(new HeaderMatchIr(":method", HeaderMatchIr.MatchType.EXACT, match.method().name()));
    }
    for (HeaderMatch h : match.headers()) {
      HeaderMatchIr.MatchType type = HeaderMatchIr.MatchType.valueOf(h.effectiveMatch().name());
      boolean valued = type == HeaderMatchIr.MatchType.EXACT || type == HeaderMatchIr.MatchType.REGEX;
      headers.add(new HeaderMatchIr(h.name(), type, valued ? h.value() : null));
    }
    return headers;
  }

  private static List<QueryMatchIr> query(Match match) {
    if (match.queryParameters().isEmpty()) return List.of();
    return match.queryParameters().stream()
        .map((QueryMatch q) -> new QueryMatchIr(q.name(), q.effectiveMatch() == QueryMatchType.REGEX, q.value()))
        .toList();
  }

  /** Whether the route matches on the method (a loop: the sort asks this of every pair it compares). */
  private static boolean hasMethod(RouteRuleIr r) {
    for (HeaderMatchIr h : r.headers()) {
      if (h.name().equals(":method")) return true;
    }
    return false;
  }

  private static RedirectIr redirect(Redirect r) {
    int status = r.statusCode() == null ? 302 : r.statusCode();
    String fullPath = r.path() == null ? null : r.path().replaceFull();
    String prefix = r.path() == null ? null : r.path().replacePrefixMatch();
    return new RedirectIr(r.scheme(), r.hostname(), r.port(), status, fullPath, prefix);
  }

  private static HeaderChangesIr merge(HeaderChangesIr into, HeaderFilter filter) {
    List<Header> set = new ArrayList<>(into == null ? List.of() : into.set());
    List<Header> add = new ArrayList<>(into == null ? List.of() : into.add());
    List<String> remove = new ArrayList<>(into == null ? List.of() : into.remove());
    filter.set().forEach(h -> set.add(new Header(h.name(), h.value())));
    filter.add().forEach(h -> add.add(new Header(h.name(), h.value())));
    remove.addAll(filter.remove());
    return new HeaderChangesIr(set, add, remove);
  }

  private static int pathKind(RouteRuleIr r) {
    if (r.path() != null) return 0;
    return r.pathRegex() != null ? 2 : 1;
  }

  private static String pathValue(RouteRuleIr r) {
    if (r.path() != null) return r.path();
    if (r.pathRegex() != null) return r.pathRegex();
    return r.pathSeparatedPrefix() != null ? r.pathSeparatedPrefix() : r.pathPrefix();
  }
}
