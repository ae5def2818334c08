package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.ir.RateLimitIr;
import dev.atrium.core.ir.RateLimitIr.RateIr;
import dev.atrium.core.ir.RouteIr.Header;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ratelimit.MeshRateLimitSpec;
import dev.atrium.core.model.ratelimit.MeshRateLimitSpec.Conf;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.policy.PolicyKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MeshRateLimit on the IR, where Kuma applies it: {@code to} entries at a builtin gateway (Kuma's
 * {@code to} takes only Mesh there, so every route of the listener, whatever it does), {@code from}
 * entries on a sidecar's inbounds (every caller: the limit is the inbound's, not per caller). HTTP
 * request limits go on the routes, TCP connection rates on the listener. A sidecar's outbounds take
 * none (Kuma allows {@code to} only where the scope includes gateways); a delegated gateway's outbounds
 * take the {@code to} entries, as a builtin gateway's listeners do (Kuma accepts them there and ignores
 * them). A merged conf that disables a limit, or sets no rate, leaves that place unlimited.
 */
final class MeshRateLimitPlugin implements PolicyPlugin {

  static final PolicyKind<MeshRateLimitSpec, Conf> KIND = new PolicyKind<>(ResourceKind.MESH_RATE_LIMIT,
      MeshRateLimitSpec.class, Conf.class, MeshRateLimitSpec::targetRef,
      s -> s.to().stream().map(t -> new PolicyKind.Targeted<>(t.targetRef(), t.defaultConf())).toList(),
      s -> s.from().stream().map(f -> new PolicyKind.Targeted<>(f.targetRef(), f.defaultConf())).toList());

  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH_RATE_LIMIT;
  }

  /** Every destination: Mesh entries apply also to routes that forward nowhere (redirects, direct responses). */
  private static final List<Map<String, String>> ANY_DESTINATION = List.of(Map.of());

  @Override
  public ListenerIr listener(ProxyPolicyContext ctx, ListenerIr listener) {
    if (listener.protocol() == Protocol.REFUSE) return listener;
    RateLimitIr limit = connectionLimit(merged(ctx, listener, ANY_DESTINATION));
    return limit == null ? listener : listener.withPolicies(listener.policies().withRateLimit(limit));
  }

  @Override
  public RouteRuleIr route(ProxyPolicyContext ctx, ListenerIr listener, RouteRuleIr route) {
    var destinations = ctx.destinations(route);
    RateLimitIr limit = requestLimit(merged(ctx, listener, destinations.isEmpty() ? ANY_DESTINATION : destinations));
    return limit == null ? route : route.withPolicies(route.policies().withRateLimit(limit));
  }

  private static MergedConf<Conf> merged(ProxyPolicyContext ctx, ListenerIr listener,
      List<Map<String, String>> destinations) {
    return switch (listener.direction()) {
      case GATEWAY -> ctx.mergedTo(KIND, ctx.selectingPort(KIND, listener.port()), destinations);
      case INBOUND -> ctx.mergedFrom(KIND, ctx.selectingInbound(KIND, listener), Map.of());
      // Kuma's to: Mesh for gateways: also what leaves a delegated gateway (ProxyPolicyContext#delegatedGateway).
      case OUTBOUND -> ctx.delegatedGateway() ? ctx.mergedTo(KIND, ctx.selecting(KIND), destinations) : MergedConf.<Conf>none();
    };
  }

  /** The merged conf's HTTP request limit, or null when it sets none or disables it. */
  static RateLimitIr requestLimit(MergedConf<Conf> merged) {
    if (merged.isEmpty()) return null;
    Conf c = merged.conf().orElseThrow();
    MeshRateLimitSpec.Http http = c.local() == null ? null : c.local().http();
    if (http == null || Boolean.TRUE.equals(http.disabled())) return null;
    RateIr rate = rate(http.requestRate());
    if (rate == null) return null;
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
    return new RateLimitIr(rate, status, set, add, null, setBy(merged, "local.http."));
  }

  /** The merged conf's TCP connection rate, or null when it sets none or disables it. */
  static RateLimitIr connectionLimit(MergedConf<Conf> merged) {
    if (merged.isEmpty()) return null;
    Conf c = merged.conf().orElseThrow();
    MeshRateLimitSpec.Tcp tcp = c.local() == null ? null : c.local().tcp();
    if (tcp == null || Boolean.TRUE.equals(tcp.disabled())) return null;
    RateIr rate = rate(tcp.connectionRate());
    return rate == null ? null : new RateLimitIr(null, null, null, null, rate, setBy(merged, "local.tcp."));
  }

  /** Null for a rate the validator refuses (no num, no interval): never half a bucket. */
  private static RateIr rate(MeshRateLimitSpec.Rate rate) {
    if (rate == null || rate.num() == null || rate.interval() == null) return null;
    return GoDuration.parse(rate.interval()).map(d -> new RateIr(rate.num(), d)).orElse(null);
  }

  private static TreeMap<String, Origin> setBy(MergedConf<Conf> merged, String prefix) {
    TreeMap<String, Origin> out = new TreeMap<>();
    merged.setBy().forEach((field, origin) -> {
      if (field.startsWith(prefix)) out.put(field, origin);
    });
    return out;
  }

  private static List<Header> headers(List<MeshRateLimitSpec.Header> in) {
    return in.stream().map(h -> new Header(h.name(), h.value())).toList();
  }
}
