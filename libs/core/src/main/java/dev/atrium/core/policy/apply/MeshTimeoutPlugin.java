package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.TimeoutIr;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.timeout.MeshTimeoutSpec;
import dev.atrium.core.model.timeout.MeshTimeoutSpec.Conf;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.policy.PolicyKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * MeshTimeout on the IR. {@code to} (per destination service): a cluster's connect timeout, and for an
 * HTTP cluster its upstream idle timeout and max connection duration; a forwarding route's request
 * timeout, stream idle timeout and max stream duration — on sidecar and delegated-gateway outbounds and
 * on a builtin gateway's routes. {@code from} for every caller: a builtin gateway listener's HTTP
 * connection manager (idle timeout, stream idle timeout, request headers timeout, max connection
 * duration); and on a sidecar's HTTP inbound, the same connection manager fields and its routes' request,
 * stream idle and max stream durations.
 */
final class MeshTimeoutPlugin implements PolicyPlugin {

  static final PolicyKind<MeshTimeoutSpec, Conf> KIND = new PolicyKind<>(ResourceKind.MESH_TIMEOUT,
      MeshTimeoutSpec.class, Conf.class, MeshTimeoutSpec::targetRef,
      s -> s.to().stream().map(t -> new PolicyKind.Targeted<>(t.targetRef(), t.defaultConf())).toList(),
      s -> s.from().stream().map(f -> new PolicyKind.Targeted<>(f.targetRef(), f.defaultConf())).toList());

  private static final List<String> CLUSTER_FIELDS = List.of("connectionTimeout");
  private static final List<String> HTTP_CLUSTER_FIELDS = List.of("connectionTimeout", "idleTimeout",
      "http.maxConnectionDuration");
  private static final List<String> ROUTE_FIELDS = List.of("http.requestTimeout", "http.streamIdleTimeout",
      "http.maxStreamDuration");
  private static final List<String> LISTENER_FIELDS = List.of("idleTimeout", "http.streamIdleTimeout",
      "http.requestHeadersTimeout", "http.maxConnectionDuration");

  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH_TIMEOUT;
  }

  @Override
  public ListenerIr listener(ProxyPolicyContext ctx, ListenerIr listener) {
    if (listener.protocol() == Protocol.TCP || listener.protocol() == Protocol.REFUSE) return listener;
    MergedConf<Conf> merged = fromEveryCaller(ctx, listener);
    if (merged == null) return listener;
    TimeoutIr t = timeouts(merged, LISTENER_FIELDS);
    return t == null ? listener : listener.withPolicies(listener.policies().withTimeout(t));
  }

  @Override
  public RouteRuleIr route(ProxyPolicyContext ctx, ListenerIr listener, RouteRuleIr route) {
    if (listener.direction() == ListenerIr.Direction.INBOUND) {
      // A sidecar's inbound: the requests its own callers send, limited by the from entries for every caller.
      MergedConf<Conf> merged = fromEveryCaller(ctx, listener);
      TimeoutIr t = merged == null ? null : timeouts(merged, ROUTE_FIELDS);
      return t == null ? route : route.withPolicies(route.policies().withTimeout(t));
    }
    if (!ProxyPolicyContext.forwardsToMesh(listener)) return route;
    var destinations = ctx.destinations(route);
    if (destinations.isEmpty()) return route;
    MergedConf<Conf> merged = ctx.mergedTo(KIND, ctx.selectingPort(KIND, listener.port()), destinations);
    TimeoutIr t = ctx.fromMerged("MeshTimeout:route", merged, m -> timeouts(m, ROUTE_FIELDS));
    return t == null ? route : route.withPolicies(route.policies().withTimeout(t));
  }

  @Override
  public ClusterIr cluster(ProxyPolicyContext ctx, ClusterIr cluster) {
    var destinations = ctx.destinations(cluster);
    if (destinations.isEmpty()) return cluster;
    MergedConf<Conf> merged = ctx.mergedTo(KIND, ctx.selecting(KIND), destinations);
    TimeoutIr t = cluster.http()
        ? ctx.fromMerged("MeshTimeout:http-cluster", merged, m -> timeouts(m, HTTP_CLUSTER_FIELDS))
        : ctx.fromMerged("MeshTimeout:cluster", merged, m -> timeouts(m, CLUSTER_FIELDS));
    return t == null ? cluster : cluster.withPolicies(cluster.policies().withTimeout(t), t.connectTimeout());
  }

  /**
   * The {@code from} entries for every caller that shape {@code listener}'s HTTP connection manager and
   * inbound routes: a builtin gateway's (policies selecting its port) or a sidecar inbound's (policies
   * selecting the inbound's tags); null for outbounds, which {@code from} does not concern. Per-caller
   * entries cannot apply where Envoy's settings do not depend on the caller.
   */
  private static MergedConf<Conf> fromEveryCaller(ProxyPolicyContext ctx, ListenerIr listener) {
    return switch (listener.direction()) {
      case GATEWAY -> ctx.mergedFrom(KIND, ctx.selectingPort(KIND, listener.port()), Map.of());
      case INBOUND -> ctx.mergedFrom(KIND, ctx.selectingInbound(KIND, listener), Map.of());
      default -> null;
    };
  }

  /** The {@code fields} of a merged conf that this place uses, or null when the policies set none of them. */
  static TimeoutIr timeouts(MergedConf<Conf> merged, List<String> fields) {
    if (merged.isEmpty()) return null;
    Conf c = merged.conf().orElseThrow();
    MeshTimeoutSpec.Http h = c.http() == null ? new MeshTimeoutSpec.Http(null, null, null, null, null) : c.http();
    Function<String, String> value = f -> switch (f) {
      case "connectionTimeout" -> c.connectionTimeout();
      case "idleTimeout" -> c.idleTimeout();
      case "http.requestTimeout" -> h.requestTimeout();
      case "http.streamIdleTimeout" -> h.streamIdleTimeout();
      case "http.maxStreamDuration" -> h.maxStreamDuration();
      case "http.maxConnectionDuration" -> h.maxConnectionDuration();
      case "http.requestHeadersTimeout" -> h.requestHeadersTimeout();
      default -> throw new IllegalArgumentException(f);
    };
    TreeMap<String, Origin> setBy = new TreeMap<>();
    for (String f : fields) {
      if (value.apply(f) != null && merged.setBy().containsKey(f)) setBy.put(f, merged.setBy().get(f));
    }
    if (setBy.isEmpty()) return null;
    Function<String, Duration> d = f -> setBy.containsKey(f) ? GoDuration.parse(value.apply(f)).orElse(null) : null;
    return new TimeoutIr(d.apply("connectionTimeout"), d.apply("idleTimeout"), d.apply("http.requestTimeout"),
        d.apply("http.streamIdleTimeout"), d.apply("http.maxStreamDuration"), d.apply("http.maxConnectionDuration"),
        d.apply("http.requestHeadersTimeout"), setBy);
  }
}
