package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.ir.RetryIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.legacy.RetrySpec;
import dev.atrium.core.policy.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Kuma's legacy Retry on the IR: a forwarding HTTP route's retry policy ({@code conf.http}) and a TCP
 * listener's connect attempts ({@code conf.tcp}). Kuma's enum names become Envoy's ({@code all_5xx} →
 * {@code 5xx}, {@code gateway_error} → {@code gateway-error}); without any, Kuma's default conditions;
 * status codes add {@code retriable-status-codes}. MeshRetry wins on any element it already configured.
 */
final class LegacyRetryPlugin implements PolicyPlugin {

  @Override
  public ResourceKind kind() {
    return ResourceKind.RETRY;
  }

  @Override
  public ListenerIr listener(ProxyPolicyContext ctx, ListenerIr listener) {
    if (listener.protocol() != Protocol.TCP || listener.policies().retry() != null) return listener;
    Stream<String> names = listener.cluster() != null
        ? Stream.of(listener.cluster()) : listener.weightedClusters().stream().map(WeightedCluster::cluster);
    return LegacyPolicies.forListener(ctx, kind(), listener, ctx.destinations(names))
        .filter(p -> tcp(p) != null)
        .map(p -> new RetryIr(null, null, null, null, null, List.of(), List.of(), tcp(p).maxConnectAttempts(),
            setBy(p, "tcp.maxConnectAttempts")))
        .map(r -> listener.withPolicies(listener.policies().withRetry(r)))
        .orElse(listener);
  }

  @Override
  public RouteRuleIr route(ProxyPolicyContext ctx, ListenerIr listener, RouteRuleIr route) {
    if (route.policies().retry() != null) return route;
    return LegacyPolicies.forRoute(ctx, kind(), listener, route)
        .map(LegacyRetryPlugin::http)
        .map(r -> route.withPolicies(route.policies().withRetry(r)))
        .orElse(route);
  }

  static RetryIr http(Resource policy) {
    RetrySpec.Conf c = policy.specAs(RetrySpec.class).conf();
    RetrySpec.Http h = c == null ? null : c.http();
    if (h == null) return null;
    List<String> conditions = new ArrayList<>();
    for (RetrySpec.HttpRetryOn item : h.retryOn() == null ? List.<RetrySpec.HttpRetryOn>of() : h.retryOn()) {
      conditions.add(item == RetrySpec.HttpRetryOn.all_5xx ? "5xx" : item.name().replace('_', '-'));
    }
    if (conditions.isEmpty()) conditions.addAll(List.of(MeshRetryPlugin.DEFAULT_RETRY_ON.split(",")));
    List<Integer> codes = h.retriableStatusCodes() == null ? List.of() : h.retriableStatusCodes();
    if (!codes.isEmpty() && !conditions.contains(MeshRetryPlugin.RETRIABLE_STATUS_CODES)) {
      conditions.add(MeshRetryPlugin.RETRIABLE_STATUS_CODES);
    }
    List<String> methods = h.retriableMethods() == null ? List.of()
        : h.retriableMethods().stream().filter(m -> m != RetrySpec.HttpMethod.NONE).map(Enum::name).toList();
    RetrySpec.BackOff b = h.backOff();
    return new RetryIr(h.numRetries(), LegacyPolicies.duration(h.perTryTimeout()),
        b == null ? null : LegacyPolicies.duration(b.baseInterval()), b == null ? null : LegacyPolicies.duration(b.maxInterval()),
        String.join(",", conditions), codes, methods, null, setBy(policy, "http"));
  }

  private static RetrySpec.Tcp tcp(Resource policy) {
    RetrySpec.Conf c = policy.specAs(RetrySpec.class).conf();
    return c == null ? null : c.tcp();
  }

  private static TreeMap<String, Origin> setBy(Resource policy, String field) {
    TreeMap<String, Origin> out = new TreeMap<>();
    out.put(field, LegacyPolicies.origin(policy));
    return out;
  }
}
