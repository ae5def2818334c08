package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.RateLimitIr;
import dev.atrium.core.ir.RateLimitIr.RateIr;
import dev.atrium.core.ir.RouteIr.Header;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.legacy.RateLimitSpec;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Kuma's legacy RateLimit at a builtin gateway: the one policy for a route's backends limits that
 * route to {@code conf.http.requests} per {@code interval}, answered with {@code onRateLimit}'s status
 * and headers ({@code append: true} adds, otherwise replaces). Sidecars are left out: Kuma applies the
 * legacy kind on their inbounds per caller, by a header Atrium does not send. MeshRateLimit wins on any
 * route it already limits.
 */
final class LegacyRateLimitPlugin implements PolicyPlugin {

  @Override
  public ResourceKind kind() {
    return ResourceKind.RATE_LIMIT;
  }

  @Override
  public RouteRuleIr route(ProxyPolicyContext ctx, ListenerIr listener, RouteRuleIr route) {
    if (listener.direction() != ListenerIr.Direction.GATEWAY || route.policies().rateLimit() != null) return route;
    return LegacyPolicies.forRoute(ctx, kind(), listener, route)
        .map(LegacyRateLimitPlugin::limit)
        .map(l -> route.withPolicies(route.policies().withRateLimit(l)))
        .orElse(route);
  }

  static RateLimitIr limit(Resource policy) {
    RateLimitSpec.Conf c = policy.specAs(RateLimitSpec.class).conf();
    RateLimitSpec.Http http = c == null ? null : c.http();
    if (http == null || http.requests() == null || http.requests() == 0) return null;
    Duration interval = LegacyPolicies.duration(http.interval());
    if (interval == null) return null;
    Integer status = null;
    List<Header> set = new ArrayList<>();
    List<Header> add = new ArrayList<>();
    if (http.onRateLimit() != null) {
      status = http.onRateLimit().status();
      for (RateLimitSpec.Header h : http.onRateLimit().headers()) {
        (Boolean.TRUE.equals(h.append()) ? add : set).add(new Header(h.key(), h.value()));
      }
    }
    TreeMap<String, Origin> setBy = new TreeMap<>();
    setBy.put("http", LegacyPolicies.origin(policy));
    return new RateLimitIr(new RateIr(http.requests(), interval), status, set, add, null, setBy);
  }
}
