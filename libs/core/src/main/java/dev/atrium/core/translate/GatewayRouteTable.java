package dev.atrium.core.translate;

import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.ir.RouteIr.DirectResponseIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.RouteIr.VirtualHostIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.policy.GatewayPolicies.AttachedRoute;
import dev.atrium.core.policy.GatewayPolicies.RouteTable;
import dev.atrium.core.policy.GatewayPolicies.VirtualHost;
import dev.atrium.core.policy.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A gateway route configuration from the route table the policy stage resolved
 * ({@link dev.atrium.core.policy.GatewayPolicyMatcher}: which routes serve which hostname, Kuma's
 * RedistributeWildcardRoutes, the newer kind winning): one virtual host per hostname, most specific
 * first, matched ignoring the request's port; its routes are the attached routes' rules sorted by
 * precedence (MeshHTTPRoute's on a host of the newer kind, MeshGatewayRoute's otherwise). Every virtual
 * host ends with a 404 for requests no route matches, and a request for a host no listener serves gets
 * the same 404 from a catch-all virtual host (instead of Envoy's empty one). On an HTTPS port each
 * hostname has its own table, its hosts requiring TLS and sending HSTS.
 */
final class GatewayRouteTable {
  private GatewayRouteTable() {}

  static final String NOT_FOUND_BODY = "This is an Atrium MeshGateway. No route matches this request.";

  /** HSTS as Kuma sends it on every HTTPS virtual host: stay on HTTPS for a year, subdomains too. */
  static final Map<String, String> HSTS = Map.of("strict-transport-security", "max-age=31536000; includeSubDomains");

  /** The 404 the gateway itself answers; its origin is the MeshGateway. */
  private static RouteRuleIr notFound(String gateway) {
    return new RouteRuleIr("/", null, null, null, null, null, null, null, null, null,
        new DirectResponseIr(404, NOT_FOUND_BODY), null, null, null, Origin.of(ResourceKind.MESH_GATEWAY, gateway));
  }

  static RouteIr build(String routeName, String gateway, RouteTable table, GatewayBackends backends, boolean https) {
    Map<String, String> headers = https ? HSTS : Map.of();
    RouteRuleIr notFound = notFound(gateway);
    List<VirtualHostIr> hosts = new ArrayList<>();
    boolean catchAll = false;
    for (VirtualHost host : table.hosts()) {
      List<RouteRuleIr> rules = new ArrayList<>();
      for (AttachedRoute attached : host.routes()) rules.addAll(rules(attached, backends));
      rules.sort(host.newerKind() ? MeshHttpRouteRules.PRECEDENCE : GatewayRouteRules.PRECEDENCE);
      rules.add(notFound);
      hosts.add(new VirtualHostIr(host.host(), List.of(host.host()), rules, https, new TreeMap<>(headers)));
      catchAll |= host.host().equals("*");
    }
    if (!catchAll) hosts.add(new VirtualHostIr("*", List.of("*"), List.of(notFound), https, new TreeMap<>(headers)));
    return new RouteIr(routeName, hosts, true);
  }

  /** An attached route's rules as routes: a MeshHTTPRoute's applying {@code to} entries, a MeshGatewayRoute's {@code conf.http}. */
  private static List<RouteRuleIr> rules(AttachedRoute attached, GatewayBackends backends) {
    Resource route = attached.route();
    if (route.kind() == ResourceKind.MESH_HTTP_ROUTE) return MeshHttpRouteRules.forHost(route, attached.to(), backends);
    List<RouteRuleIr> out = new ArrayList<>();
    List<MeshGatewayRouteSpec.HttpRule> rules = route.specAs(MeshGatewayRouteSpec.class).conf().http().rules();
    for (int i = 0; i < rules.size(); i++) {
      out.addAll(GatewayRouteRules.translate(rules.get(i), backends, httpOrigin(route, i)));
    }
    return out;
  }

  /** Where a MeshGatewayRoute HTTP rule's routes come from. */
  static Origin httpOrigin(Resource route, int rule) {
    return new Origin(route.kind(), route.name(), "conf.http.rules[" + rule + "]");
  }
}
