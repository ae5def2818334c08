package dev.atrium.core.validation;

import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Backend;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Filter;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.HttpRule;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.Match;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec.PathMatchType;
import java.util.List;

/**
 * Kuma's MeshGatewayRoute (gateway_route_validator.go) with its messages. Two Kuma quirks are not
 * copied: field paths name the real field (a path match's value is {@code matches[0].path.value},
 * a backend's tags are {@code backends[0].destination}), and filter indexes count every filter.
 * Matches and filters are checked by {@link GatewayRouteMatchRules}.
 */
final class MeshGatewayRouteValidator {
  private MeshGatewayRouteValidator() {}

  static void validate(MeshGatewayRouteSpec spec, FieldPath root, Violations v) {
    TagRules.selectors(v, root.field("selectors"), spec.selectors(), false, TagRules.Options.AT_LEAST_ONE_WITH_SERVICE);
    FieldPath confPath = root.field("conf");
    MeshGatewayRouteSpec.Conf conf = spec.conf();
    if (conf == null || (conf.http() == null && conf.tcp() == null)) {
      v.add(confPath, "cannot be empty");
      return;
    }
    if (conf.http() != null && conf.tcp() != null) {
      // A route serves either HTTP(S) or TCP/TLS listeners; in Kuma's proto the two are one oneof.
      v.add(confPath, "must have exactly one defined: http, tcp");
    }
    if (conf.http() != null) http(v, confPath.field("http"), conf.http());
    if (conf.tcp() != null) tcp(v, confPath.field("tcp"), conf.tcp());
  }

  private static void http(Violations v, FieldPath path, MeshGatewayRouteSpec.Http http) {
    if (http.rules().isEmpty()) {
      v.add(path.field("rules"), "cannot be empty");
      return;
    }
    for (int i = 0; i < http.rules().size(); i++) httpRule(v, path.field("rules").index(i), http.rules().get(i));
  }

  private static void httpRule(Violations v, FieldPath path, HttpRule rule) {
    List<Match> matches = rule.matches();
    if (matches.isEmpty()) v.add(path.field("matches"), "cannot be empty");
    for (int i = 0; i < matches.size(); i++) GatewayRouteMatchRules.match(v, path.field("matches").index(i), matches.get(i));

    boolean hasPrefixMatch = matches.stream()
        .anyMatch(m -> m.path() != null && m.path().effectiveMatch() == PathMatchType.PREFIX);
    boolean hostToBackendHostname = rule.filters().stream()
        .anyMatch(f -> f.rewrite() != null && Boolean.TRUE.equals(f.rewrite().hostToBackendHostname()));
    boolean hasRedirect = false;
    for (int i = 0; i < rule.filters().size(); i++) {
      Filter f = rule.filters().get(i);
      hasRedirect |= f.redirect() != null;
      GatewayRouteMatchRules.filter(v, path.field("filters").index(i), f, hasPrefixMatch, hostToBackendHostname);
    }

    FieldPath backendsPath = path.field("backends");
    if (hasRedirect && rule.filters().size() != 1) {
      // A redirect answers the request itself: mirroring or rewriting it alongside makes no sense.
      v.add(path.field("filters"), "redirects cannot be used with other filters");
    } else if (rule.backends().isEmpty() && !hasRedirect) {
      v.add(backendsPath, "cannot be empty");
    } else if (!rule.backends().isEmpty() && hasRedirect) {
      v.add(backendsPath, "must be empty when using redirect filters");
    }
    backends(v, backendsPath, rule.backends());
  }

  private static void tcp(Violations v, FieldPath path, MeshGatewayRouteSpec.Tcp tcp) {
    if (tcp.rules().isEmpty()) {
      v.add(path.field("rules"), "cannot be empty");
      return;
    }
    for (int i = 0; i < tcp.rules().size(); i++) {
      FieldPath backendsPath = path.field("rules").index(i).field("backends");
      List<Backend> backends = tcp.rules().get(i).backends();
      if (backends.isEmpty()) v.add(backendsPath, "cannot be empty");
      backends(v, backendsPath, backends);
    }
  }

  private static void backends(Violations v, FieldPath path, List<Backend> backends) {
    for (int i = 0; i < backends.size(); i++) backend(v, path.index(i), backends.get(i));
  }

  /** A backend (or mirror target) is a service selected by tags; kuma.io/service is mandatory. */
  static void backend(Violations v, FieldPath path, Backend backend) {
    if (backend == null) {
      v.add(path, "cannot be empty");
      return;
    }
    if (backend.weight() != null && backend.weight() < 0) v.add(path.field("weight"), "must not be negative when defined");
    TagRules.selector(v, path.field("destination"), backend.destination(), TagRules.Options.AT_LEAST_ONE_WITH_SERVICE);
  }
}
