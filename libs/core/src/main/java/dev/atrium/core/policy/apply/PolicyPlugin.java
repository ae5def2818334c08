package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;

/**
 * One connection policy kind's part of the pass ({@link ConnectionPolicies}): given one IR element,
 * return it with the policy's record set in its {@link dev.atrium.core.ir.PoliciesIr} — or unchanged
 * when no policy of the kind applies, so proxies without policies keep exactly their translation.
 * Each hook defaults to "nothing to do here".
 */
public interface PolicyPlugin {
  /** The policy kind the plugin applies; with none of it in the mesh the plugin is skipped. */
  dev.atrium.core.model.ResourceKind kind();

  /** A listener (its HTTP connection manager's settings: {@code from} policies at a builtin gateway). */
  default ListenerIr listener(ProxyPolicyContext ctx, ListenerIr listener) {
    return listener;
  }

  /** One route of {@code listener}'s route table or of one of its filter chains' ({@code to} policies). */
  default RouteRuleIr route(ProxyPolicyContext ctx, ListenerIr listener, RouteRuleIr route) {
    return route;
  }

  /** A cluster ({@code to} policies for the service it reaches). */
  default ClusterIr cluster(ProxyPolicyContext ctx, ClusterIr cluster) {
    return cluster;
  }
}
