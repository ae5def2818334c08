package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.RateLimitIr;
import dev.atrium.core.ir.RouteIr.Header;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ratelimit.MeshRateLimitSpec;
import dev.atrium.core.model.ratelimit.MeshRateLimitSpec.Conf;
import dev.atrium.core.policy.FromConfs;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.policy.PolicyKind;
import dev.atrium.core.policy.ToConfs;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MeshRateLimit's request limits on the IR, where Kuma applies them: {@code to} entries on every route
 * of a builtin gateway's listeners (whatever the route does: Kuma's {@code to} takes only Mesh there),
 * {@code from} entries on every route of a sidecar's HTTP inbound. Outbounds take none (Kuma allows
 * {@code to} only for gateways). A merged conf that disables the limit or sets no request rate leaves
 * the route unlimited. TCP connection rates are not applied yet.
 */
final class MeshRateLimitPlugin implements PolicyPlugin {

  static final PolicyKind<MeshRateLimitSpec, Conf> KIND = new PolicyKind<>(ResourceKind.MESH_RATE_LIMIT,
      MeshRateLimitSpec.class, Conf.class, MeshRateLimitSpec::targetRef,
      s -> s.to().stream().map(t -> new PolicyKind.Targeted<>(t.targetRef(), t.defaultConf())).toList(),
      s -> s.from().stream().map(f -> new PolicyKind.Targeted<>(f.targetRef(), f.defaultConf())).toList());

  /** Every destination, for routes that forward nowhere (redirects, direct responses): Mesh entries still apply. */
  private static final List<Map<String, String>> ANY_DESTINATION = List.of(Map.of());

  @Override
  public RouteRuleIr route(ProxyPolicyContext ctx, ListenerIr listener, RouteRuleIr route) {
    MergedConf<Conf> merged = switch (listener.direction()) {
      case GATEWAY -> {
        var destinations = ctx.destinations(route);
        yield ToConfs.forDestinations(ToConfs.entries(KIND, ctx.selectingPort(KIND, listener.port())),
            destinations.isEmpty() ? ANY_DESTINATION : destinations, Conf.class);
      }
      // The limit is the inbound's, whoever calls: only entries for every caller (from: Mesh) apply.
      case INBOUND -> FromConfs.forCallers(
          FromConfs.entries(KIND, ctx.selectingInbound(KIND, listener.port())), Map.of(), Conf.class);
      case OUTBOUND -> MergedConf.<Conf>none();
    };
    RateLimitIr limit = requestLimit(merged);
    return limit == null ? route : route.withPolicies(route.policies().withRateLimit(limit));
  }

  /** The merged conf's HTTP request limit, or null when it sets none or disables it. */
  static RateLimitIr requestLimit(MergedConf<Conf> merged) {
    if (merged.isEmpty()) return null;
    Conf c = merged.conf().orElseThrow();
    MeshRateLimitSpec.Http http = c.local() == null ? null : c.local().http();
    if (http == null || Boolean.TRUE.equals(http.disabled()) || http.requestRate() == null) return null;
    MeshRateLimitSpec.Rate rate = http.requestRate();
    var interval = GoDuration.parse(rate.interval()).orElse(null);
    if (rate.num() == null || interval == null) return null; // the validator refuses these; never a half bucket
    Integer status = null;
    List<Header> set = List.of();
    List<Header> add = List.of();
    if (http.onRateLimit() != null) {
      if (http.onRateLimit().status() != null) status = http.onRateLimit().status().intValue();
      if (http.onRateLimit().headers() != null) {
        set = headers(http.onRateLimit().headers().set());
        add = headers(http.onRateLimit().headers().add());
      }
    }
    TreeMap<String, Origin> setBy = new TreeMap<>();
    merged.setBy().forEach((field, origin) -> {
      if (field.startsWith("local.http.")) setBy.put(field, origin);
    });
    return new RateLimitIr(rate.num(), interval, status, set, add, setBy);
  }

  private static List<Header> headers(List<MeshRateLimitSpec.Header> in) {
    return in.stream().map(h -> new Header(h.name(), h.value())).toList();
  }
}
