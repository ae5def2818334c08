package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.TimeoutIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.legacy.TimeoutSpec;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.TreeMap;

/**
 * Kuma's legacy Timeout on the IR: a forwarding route's request timeout, stream idle timeout and max
 * stream duration ({@code conf.http}); a cluster's connect timeout and, for HTTP, its upstream idle
 * timeout. MeshTimeout wins on any element it already configured.
 */
final class LegacyTimeoutPlugin implements PolicyPlugin {

  @Override
  public ResourceKind kind() {
    return ResourceKind.TIMEOUT;
  }

  @Override
  public RouteRuleIr route(ProxyPolicyContext ctx, ListenerIr listener, RouteRuleIr route) {
    if (route.policies().timeout() != null) return route;
    return LegacyPolicies.forRoute(ctx, kind(), listener, route)
        .map(p -> routeTimeouts(p))
        .map(t -> route.withPolicies(route.policies().withTimeout(t)))
        .orElse(route);
  }

  @Override
  public ClusterIr cluster(ProxyPolicyContext ctx, ClusterIr cluster) {
    if (cluster.policies().timeout() != null) return cluster;
    return LegacyPolicies.forCluster(ctx, kind(), cluster)
        .map(p -> clusterTimeouts(p, cluster.http()))
        .map(t -> cluster.withPolicies(cluster.policies().withTimeout(t), t.connectTimeout()))
        .orElse(cluster);
  }

  private static TimeoutIr routeTimeouts(Resource policy) {
    TimeoutSpec.Http h = http(policy);
    if (h == null) return null;
    Duration request = LegacyPolicies.duration(h.requestTimeout());
    Duration streamIdle = LegacyPolicies.duration(h.streamIdleTimeout());
    Duration maxStream = LegacyPolicies.duration(h.maxStreamDuration());
    TreeMap<String, Origin> setBy = new TreeMap<>();
    Origin origin = LegacyPolicies.origin(policy);
    if (request != null) setBy.put("http.requestTimeout", origin);
    if (streamIdle != null) setBy.put("http.streamIdleTimeout", origin);
    if (maxStream != null) setBy.put("http.maxStreamDuration", origin);
    return setBy.isEmpty() ? null : new TimeoutIr(null, null, request, streamIdle, maxStream, null, null, setBy);
  }

  private static TimeoutIr clusterTimeouts(Resource policy, boolean http) {
    TimeoutSpec.Conf c = policy.specAs(TimeoutSpec.class).conf();
    if (c == null) return null;
    Duration connect = LegacyPolicies.duration(c.connectTimeout());
    Duration idle = http && c.http() != null ? LegacyPolicies.duration(c.http().idleTimeout()) : null;
    TreeMap<String, Origin> setBy = new TreeMap<>();
    Origin origin = LegacyPolicies.origin(policy);
    if (connect != null) setBy.put("connectTimeout", origin);
    if (idle != null) setBy.put("http.idleTimeout", origin);
    return setBy.isEmpty() ? null : new TimeoutIr(connect, idle, null, null, null, null, null, setBy);
  }

  private static TimeoutSpec.Http http(Resource policy) {
    TimeoutSpec.Conf c = policy.specAs(TimeoutSpec.class).conf();
    return c == null ? null : c.http();
  }
}
