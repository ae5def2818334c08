package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.FilterChainIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.RouteIr.VirtualHostIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.policy.GatewayPolicies;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.policy.PolicyKind;
import java.util.List;
import java.util.Optional;

/**
 * The connection-policy pass, run on every proxy's IR right after translation: each plugin, in
 * {@link #PLUGINS} order, sees every listener, route and cluster once and sets its policy's record on
 * it. A new policy kind is one more plugin here and one more field in {@code PoliciesIr}; translators
 * and IR constructor call sites do not change. With no policy in the mesh the IR comes back equal.
 */
public final class ConnectionPolicies {
  private ConnectionPolicies() {}

  /**
   * Every connection policy's plugin, in the order they are applied. The legacy kinds come after the
   * Mesh* ones: each leaves an element its Mesh* counterpart already configured alone.
   */
  public static final List<PolicyPlugin> PLUGINS = List.of(new MeshTimeoutPlugin(), new MeshCircuitBreakerPlugin(),
      new MeshFaultInjectionPlugin(), new MeshRateLimitPlugin(), new MeshRetryPlugin(),
      new MeshLoadBalancingStrategyPlugin(),
      // Legacy plugins after their Mesh* form: an element a Mesh* policy configured keeps it (ADR 0017).
      new LegacyTimeoutPlugin(), new LegacyCircuitBreakerPlugin(), new LegacyFaultInjectionPlugin(),
      new LegacyRateLimitPlugin(), new LegacyRetryPlugin(),
      // Legacy HealthCheck first: a MeshHealthCheck replaces its checks (Envoy refuses unnamed checks side by side).
      new HealthCheckPlugin(), new MeshHealthCheckPlugin(),
      // Both add their access logs: a TrafficLog and MeshAccessLogs on one listener each write (as in Kuma).
      new TrafficLogPlugin(), new MeshAccessLogPlugin());

  /** The targetRef kinds the plugins read, for inspection ({@code dev.atrium.core.policy.inspect}). */
  public static final List<PolicyKind<?, ?>> KINDS = List.of(MeshTimeoutPlugin.KIND, MeshCircuitBreakerPlugin.KIND,
      MeshFaultInjectionPlugin.KIND, MeshRateLimitPlugin.KIND, MeshRetryPlugin.KIND, MeshLoadBalancingStrategyPlugin.KIND,
      MeshHealthCheckPlugin.KIND, MeshAccessLogPlugin.KIND);

  public static ProxyIr apply(ProxyIr ir, MeshSnapshot mesh, Resource dataplane, Optional<GatewayPolicies> gateway) {
    // Most meshes have few policy kinds: skip the walk for kinds without a policy, and entirely without any.
    List<PolicyPlugin> present = PLUGINS.stream().filter(p -> !mesh.all(p.kind()).isEmpty()).toList();
    if (present.isEmpty()) return ir;
    return apply(ir, new ProxyPolicyContext(mesh, dataplane, gateway, ir.clusters()), present);
  }

  static ProxyIr apply(ProxyIr ir, ProxyPolicyContext ctx, List<PolicyPlugin> plugins) {
    List<ListenerIr> listeners = ir.listeners().stream().map(l -> listener(ctx, plugins, l)).toList();
    List<ClusterIr> clusters = ir.clusters().stream().map(c -> {
      ClusterIr out = c;
      for (PolicyPlugin p : plugins) out = p.cluster(ctx, out);
      return out;
    }).toList();
    return new ProxyIr(ir.mesh(), ir.dataplane(), ir.kind(), listeners, clusters, ir.endpoints(), ir.services(),
        ir.secrets(), ir.mtls(), ir.patches(), ir.dns());
  }

  private static ListenerIr listener(ProxyPolicyContext ctx, List<PolicyPlugin> plugins, ListenerIr in) {
    ListenerIr l = in;
    for (PolicyPlugin p : plugins) l = p.listener(ctx, l);
    ListenerIr owner = l;
    if (l.route() != null) l = l.withRoute(routes(ctx, plugins, owner, l.route()));
    if (!l.filterChains().isEmpty()) {
      l = l.withFilterChains(l.filterChains().stream()
          .map(c -> c.route() == null ? c
              : new FilterChainIr(c.serverName(), c.tls(), routes(ctx, plugins, owner, c.route()), c.clusters()))
          .toList());
    }
    return l;
  }

  private static RouteIr routes(ProxyPolicyContext ctx, List<PolicyPlugin> plugins, ListenerIr owner, RouteIr table) {
    List<VirtualHostIr> hosts = table.virtualHosts().stream()
        .map(h -> new VirtualHostIr(h.name(), h.domains(), h.routes().stream().map(r -> {
          RouteRuleIr out = r;
          for (PolicyPlugin p : plugins) out = p.route(ctx, owner, out);
          return out;
        }).toList(), h.requireTls(), h.responseHeaders()))
        .toList();
    return new RouteIr(table.name(), hosts, table.ignorePortInHostMatching());
  }
}
