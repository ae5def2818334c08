package dev.atrium.core.policy.inspect;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.FilterChainIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.PoliciesIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.policy.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Where the connection policies landed on one translated proxy: each listener, route and cluster the
 * policy pass changed, with per field the policy entry whose value won. Read from the IR the xDS is
 * built from, so it shows what Envoy gets, not what the policies say in the abstract.
 */
public final class ProxyPolicyEffects {
  private ProxyPolicyEffects() {}

  /** One listener, route or cluster and what policies set on it. */
  public record Element(String type, String name, SortedMap<String, Origin> fields) {}

  public static List<Element> of(ProxyIr proxy) {
    List<Element> out = new ArrayList<>();
    for (ListenerIr l : proxy.listeners()) {
      add(out, "listener", l.name(), l.policies());
      if (l.route() != null) routes(out, l.route());
      for (FilterChainIr chain : l.filterChains()) {
        if (chain.route() != null) routes(out, chain.route());
      }
    }
    for (ClusterIr c : proxy.clusters()) add(out, "cluster", c.name(), c.policies());
    return out;
  }

  private static void routes(List<Element> out, RouteIr table) {
    for (RouteIr.VirtualHostIr host : table.virtualHosts()) {
      for (RouteRuleIr r : host.routes()) add(out, "route", table.name() + " " + host.name() + " " + describe(r), r.policies());
    }
  }

  /** A route as a person finds it again: its path match, then where it sends. */
  private static String describe(RouteRuleIr r) {
    String match = r.path() != null ? r.path() : r.pathPrefix() != null ? r.pathPrefix() + "*"
        : r.pathSeparatedPrefix() != null ? r.pathSeparatedPrefix() + "/*" : "~" + r.pathRegex();
    String to = r.cluster() != null ? r.cluster()
        : !r.weightedClusters().isEmpty() ? String.join("+", r.weightedClusters().stream().map(w -> w.cluster()).toList())
        : r.redirect() != null ? "redirect" : "direct response";
    return match + " -> " + to;
  }

  private static void add(List<Element> out, String type, String name, PoliciesIr policies) {
    if (policies == null || policies.isEmpty()) return;
    SortedMap<String, Origin> fields = policies.fieldOrigins();
    if (!fields.isEmpty()) out.add(new Element(type, name, fields));
  }
}
