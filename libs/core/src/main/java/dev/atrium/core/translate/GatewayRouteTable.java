package dev.atrium.core.translate;

import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.ir.RouteIr.DirectResponseIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.RouteIr.VirtualHostIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.translate.GatewayTranslator.TaggedListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The route configuration {@code <listener>:*} of a gateway's HTTP port: one virtual host per distinct
 * listener hostname (absent = {@code *}), most specific first — exact names, then {@code *.suffix}
 * (longer first), then {@code *} — matched ignoring the request's port. A MeshGatewayRoute with
 * {@code conf.http} joins a listener's virtual host when one of its selectors matches the listener's
 * tags and, if it lists hostnames, one of them covers the listener's hostname. Every virtual host
 * ends with a 404 for requests no route matches, and a request for a host no listener serves gets
 * the same 404 from a catch-all virtual host (instead of Envoy's empty one). A listener with attached
 * MeshHTTPRoutes takes its routes from them only ({@link MeshHttpRouteRules}; Kuma: the newer kind wins).
 * An HTTPS port has one such table per hostname instead ({@link #buildHttps}), its hosts requiring TLS
 * and sending HSTS.
 *
 *
 * <p>Kuma's RedistributeWildcardRoutes: a MeshGatewayRoute with hostnames selected by a listener without
 * hostname ({@code *}) does not widen to every name; it gets a virtual host of its own per hostname
 * (created, or joined when another listener on the port serves that name), and a {@code *.suffix}
 * hostname also joins every host of the port under that suffix. So a request for a name reaches every
 * route written for it, whichever listener the route selected.
 */
final class GatewayRouteTable {
  private GatewayRouteTable() {}

  static final String NOT_FOUND_BODY = "This is an Atrium MeshGateway. No route matches this request.";
  private static final RouteRuleIr NOT_FOUND = new RouteRuleIr("/", null, null, null, null, null, null, null, null,
      null, new DirectResponseIr(404, NOT_FOUND_BODY), null, null);

  /** HSTS as Kuma sends it on every HTTPS virtual host: stay on HTTPS for a year, subdomains too. */
  static final Map<String, String> HSTS = Map.of("strict-transport-security", "max-age=31536000; includeSubDomains");

  static RouteIr build(String listenerName, List<TaggedListener> onPort, List<Resource> routes,
      GatewayMeshRoutes meshRoutes, GatewayBackends backends) {
    return build(ProxyNames.gatewayRouteConfiguration(listenerName), onPort, routes, meshRoutes, backends, false);
  }

  /**
   * The route configuration {@code <listener>:<hostname>} of one hostname of an HTTPS port (its own
   * filter chain, chosen by SNI): built as an HTTP port's with that one listener, every virtual host
   * requiring TLS and adding HSTS.
   */
  static RouteIr buildHttps(String listenerName, TaggedListener listener, List<Resource> routes,
      GatewayMeshRoutes meshRoutes, GatewayBackends backends) {
    String name = ProxyNames.gatewayHostRouteConfiguration(listenerName, listener.listener().effectiveHostname());
    return build(name, List.of(listener), routes, meshRoutes, backends, true);
  }

  private static RouteIr build(String routeName, List<TaggedListener> onPort, List<Resource> routes,
      GatewayMeshRoutes meshRoutes, GatewayBackends backends, boolean https) {
    Map<String, String> headers = https ? HSTS : Map.of();
    Map<String, List<RouteRuleIr>> byHost = new LinkedHashMap<>();
    Set<String> attached = new HashSet<>();
    Set<String> newerKind = new HashSet<>();
    for (TaggedListener listener : onPort) {
      String host = listener.listener().effectiveHostname();
      List<RouteRuleIr> rules = byHost.computeIfAbsent(host, h -> new ArrayList<>());
      List<Resource> httpRoutes = meshRoutes.http(listener);
      if (!httpRoutes.isEmpty()) {
        newerKind.add(host);
        rules.addAll(MeshHttpRouteRules.forHost(httpRoutes, host, backends));
        continue;
      }
      for (Resource route : routes) {
        MeshGatewayRouteSpec spec = route.specAs(MeshGatewayRouteSpec.class);
        if (!attachesHttp(spec, listener)) continue;
        if (!attached.add(host + "\n" + route.name())) continue;
        for (MeshGatewayRouteSpec.HttpRule rule : spec.conf().http().rules()) {
          rules.addAll(GatewayRouteRules.translate(rule, backends));
        }
      }
    }
    redistributeWildcardRoutes(onPort, routes, byHost, attached, newerKind, backends);
    List<VirtualHostIr> hosts = new ArrayList<>();
    byHost.keySet().stream().sorted(HOST_ORDER).forEach(host -> {
      List<RouteRuleIr> rules = new ArrayList<>(byHost.get(host));
      rules.sort(newerKind.contains(host) ? MeshHttpRouteRules.PRECEDENCE : GatewayRouteRules.PRECEDENCE);
      rules.add(NOT_FOUND);
      hosts.add(new VirtualHostIr(host, List.of(host), rules, https, new java.util.TreeMap<>(headers)));
    });
    if (!byHost.containsKey("*")) {
      hosts.add(new VirtualHostIr("*", List.of("*"), List.of(NOT_FOUND), https, new java.util.TreeMap<>(headers)));
    }
    return new RouteIr(routeName, hosts, true);
  }

  private static void redistributeWildcardRoutes(List<TaggedListener> onPort, List<Resource> routes,
      Map<String, List<RouteRuleIr>> byHost, Set<String> attached, Set<String> newerKind, GatewayBackends backends) {
    if (newerKind.contains("*")) return;
    List<String> listenerHosts = List.copyOf(byHost.keySet());
    for (TaggedListener listener : onPort) {
      if (!listener.listener().effectiveHostname().equals("*")) continue;
      for (Resource route : routes) {
        MeshGatewayRouteSpec spec = route.specAs(MeshGatewayRouteSpec.class);
        if (!redistributes(spec, listener)) continue;
        for (String host : redistributionHosts(spec.conf().http().hostnames(), listenerHosts)) {
          if (newerKind.contains(host) || !attached.add(host + "\n" + route.name())) continue;
          List<RouteRuleIr> rules = byHost.computeIfAbsent(host, h -> new ArrayList<>());
          for (MeshGatewayRouteSpec.HttpRule rule : spec.conf().http().rules()) {
            rules.addAll(GatewayRouteRules.translate(rule, backends));
          }
        }
      }
    }
  }

  /**
   * Whether a MeshGatewayRoute selected by a listener without hostname ({@code *}) lists hostnames, and
   * so goes to virtual hosts of those names instead of {@code *} (RedistributeWildcardRoutes).
   */
  static boolean redistributes(MeshGatewayRouteSpec spec, TaggedListener listener) {
    if (spec.conf() == null || spec.conf().http() == null) return false;
    if (!listener.listener().effectiveHostname().equals("*")) return false;
    List<String> hostnames = spec.conf().http().hostnames();
    return !hostnames.isEmpty() && !hostnames.contains("*")
        && GatewayTranslator.selects(spec.selectors(), listener.tags());
  }

  /** Each route hostname, and for a {@code *.suffix} one every listener host of the port under it. */
  static Set<String> redistributionHosts(List<String> routeHostnames, List<String> listenerHosts) {
    Set<String> hosts = new java.util.LinkedHashSet<>();
    for (String name : routeHostnames) {
      String n = name.toLowerCase();
      hosts.add(n);
      if (n.startsWith("*.")) {
        listenerHosts.stream().filter(h -> !h.equals("*") && hostnamesMatch(n, h)).forEach(hosts::add);
      }
    }
    return hosts;
  }

  /**
   * Whether a MeshGatewayRoute's {@code conf.http} attaches to an HTTP or HTTPS listener: one of its
   * selectors matches the listener's tags and, if it lists hostnames, one covers the listener's.
   */
  static boolean attachesHttp(MeshGatewayRouteSpec spec, TaggedListener listener) {
    if (spec.conf() == null || spec.conf().http() == null) return false;
    if (!GatewayTranslator.selects(spec.selectors(), listener.tags())) return false;
    String host = listener.listener().effectiveHostname();
    List<String> hostnames = spec.conf().http().hostnames();
    return hostnames.isEmpty() || hostnames.stream().anyMatch(h -> hostnamesMatch(h, host));
  }

  /** Exact names first (by name), then wildcards {@code *.suffix} longer first, then {@code *}. */
  static final Comparator<String> HOST_ORDER = Comparator
      .comparingInt((String h) -> h.equals("*") ? 2 : h.startsWith("*.") ? 1 : 0)
      .thenComparing(Comparator.comparingInt(String::length).reversed())
      .thenComparing(Comparator.naturalOrder());

  /**
   * Whether a route's hostname covers every name of a listener's: {@code *}, the same name (ignoring
   * case), or a {@code *.suffix} wildcard the listener's name (or narrower wildcard) falls under.
   */
  static boolean hostnamesMatch(String route, String listener) {
    String r = route.toLowerCase();
    String l = listener.toLowerCase();
    if (r.equals("*") || r.equals(l)) return true;
    return r.startsWith("*.") && !l.equals("*") && l.endsWith(r.substring(1));
  }
}
