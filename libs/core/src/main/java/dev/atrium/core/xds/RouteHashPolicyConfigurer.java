package dev.atrium.core.xds;

import dev.atrium.core.ir.LoadBalancingIr;
import dev.atrium.core.ir.LoadBalancingIr.HashPolicyIr;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteAction.HashPolicy;

/**
 * A MeshLoadBalancingStrategy's hash policies on a forwarding route: what Envoy hashes a request on
 * for a RingHash or Maglev cluster, in order, each one optionally terminal. Without a hashing cluster
 * Envoy ignores them.
 */
final class RouteHashPolicyConfigurer {
  private RouteHashPolicyConfigurer() {}

  static void configure(LoadBalancingIr lb, RouteAction.Builder action) {
    if (lb == null) return;
    for (HashPolicyIr h : lb.hashPolicies()) action.addHashPolicy(hashPolicy(h));
  }

  private static HashPolicy hashPolicy(HashPolicyIr h) {
    HashPolicy.Builder b = HashPolicy.newBuilder().setTerminal(h.terminal());
    switch (h.kind()) {
      case HEADER -> b.setHeader(HashPolicy.Header.newBuilder().setHeaderName(h.name()));
      case COOKIE -> {
        HashPolicy.Cookie.Builder c = HashPolicy.Cookie.newBuilder().setName(h.name());
        if (h.cookieTtl() != null) c.setTtl(EnvoyProtos.duration(h.cookieTtl()));
        if (h.cookiePath() != null) c.setPath(h.cookiePath());
        b.setCookie(c);
      }
      case QUERY_PARAMETER -> b.setQueryParameter(HashPolicy.QueryParameter.newBuilder().setName(h.name()));
      case FILTER_STATE -> b.setFilterState(HashPolicy.FilterState.newBuilder().setKey(h.key()));
      case CONNECTION -> b.setConnectionProperties(
          HashPolicy.ConnectionProperties.newBuilder().setSourceIp(Boolean.TRUE.equals(h.sourceIp())));
    }
    return b.build();
  }
}
