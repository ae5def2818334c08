package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.ir.RetryIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.retry.MeshRetrySpec;
import dev.atrium.core.model.retry.MeshRetrySpec.Conf;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.policy.PolicyKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * MeshRetry on the IR, for {@code to} destinations: a forwarding HTTP route's retry policy (the
 * {@code http} section) and a TCP listener's connect attempts (the {@code tcp} section) — on sidecar
 * and delegated-gateway outbounds and on a builtin gateway's routes and TCP listeners. Translated the
 * way Kuma does it: PascalCase retryOn items become Envoy's names, status codes go to
 * {@code retriable-status-codes}, {@code HttpMethod<Verb>} items restrict the retried methods, and
 * {@code numRetries: 0} turns retries off. The {@code grpc} section is validated only: Atrium has no
 * gRPC protocol yet.
 */
final class MeshRetryPlugin implements PolicyPlugin {

  static final PolicyKind<MeshRetrySpec, Conf> KIND = new PolicyKind<>(ResourceKind.MESH_RETRY,
      MeshRetrySpec.class, Conf.class, MeshRetrySpec::targetRef,
      s -> s.to().stream().map(t -> new PolicyKind.Targeted<>(t.targetRef(), t.defaultConf())).toList(),
      s -> List.of());

  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH_RETRY;
  }

  /** Envoy's conditions when the policy names none (Kuma's HttpRetryOnDefault). */
  static final String DEFAULT_RETRY_ON = "gateway-error,connect-failure,refused-stream";
  static final String RETRIABLE_STATUS_CODES = "retriable-status-codes";

  private static final Map<String, String> ENVOY_RETRY_ON = Map.of("5xx", "5xx", "GatewayError", "gateway-error",
      "Reset", "reset", "Retriable4xx", "retriable-4xx", "ConnectFailure", "connect-failure", "EnvoyRatelimited",
      "envoy-ratelimited", "RefusedStream", "refused-stream", "Http3PostConnectFailure", "http3-post-connect-failure");
  private static final String METHOD_PREFIX = "HttpMethod";

  @Override
  public ListenerIr listener(ProxyPolicyContext ctx, ListenerIr listener) {
    if (listener.protocol() != Protocol.TCP || !ProxyPolicyContext.forwardsToMesh(listener)) return listener;
    Stream<String> names = listener.cluster() != null
        ? Stream.of(listener.cluster()) : listener.weightedClusters().stream().map(WeightedCluster::cluster);
    var destinations = ctx.destinations(names);
    if (destinations.isEmpty()) return listener;
    MergedConf<Conf> merged = ctx.mergedTo(KIND, ctx.selectingPort(KIND, listener.port()), destinations);
    if (merged.isEmpty() || merged.conf().get().tcp() == null || merged.conf().get().tcp().maxConnectAttempt() == null) {
      return listener;
    }
    RetryIr r = new RetryIr(null, null, null, null, null, List.of(), List.of(),
        merged.conf().get().tcp().maxConnectAttempt(), setBy(merged, "tcp."));
    return listener.withPolicies(listener.policies().withRetry(r));
  }

  @Override
  public RouteRuleIr route(ProxyPolicyContext ctx, ListenerIr listener, RouteRuleIr route) {
    if (!ProxyPolicyContext.forwardsToMesh(listener)) return route;
    var destinations = ctx.destinations(route);
    if (destinations.isEmpty()) return route;
    MergedConf<Conf> merged = ctx.mergedTo(KIND, ctx.selectingPort(KIND, listener.port()), destinations);
    RetryIr r = merged.isEmpty() ? null : ctx.fromMerged("MeshRetry:route", merged, MeshRetryPlugin::http);
    return r == null ? route : route.withPolicies(route.policies().withRetry(r));
  }

  /** The route retry policy of a merged conf's {@code http} section, or null for none (unset, or numRetries 0). */
  static RetryIr http(MergedConf<Conf> merged) {
    MeshRetrySpec.Http h = merged.conf().orElseThrow().http();
    if (h == null || (h.numRetries() != null && h.numRetries() == 0)) return null;
    List<String> conditions = new ArrayList<>();
    List<Integer> codes = new ArrayList<>();
    List<String> methods = new ArrayList<>();
    for (String item : h.retryOn() == null ? List.<String>of() : h.retryOn()) {
      if (item.matches("[0-9]+")) {
        codes.add(Integer.parseInt(item));
      } else if (item.startsWith(METHOD_PREFIX)) {
        methods.add(item.substring(METHOD_PREFIX.length()).toUpperCase(Locale.ROOT));
      } else {
        conditions.add(ENVOY_RETRY_ON.getOrDefault(item, item));
      }
    }
    if (conditions.isEmpty()) conditions.addAll(List.of(DEFAULT_RETRY_ON.split(",")));
    if (!codes.isEmpty() && !conditions.contains(RETRIABLE_STATUS_CODES)) conditions.add(RETRIABLE_STATUS_CODES);
    MeshRetrySpec.BackOff b = h.backOff();
    return new RetryIr(h.numRetries(), duration(h.perTryTimeout()), b == null ? null : duration(b.baseInterval()),
        b == null ? null : duration(b.maxInterval()), String.join(",", conditions), codes, methods, null,
        setBy(merged, "http."));
  }

  private static Duration duration(String text) {
    return text == null ? null : GoDuration.parse(text).orElse(null);
  }

  private static TreeMap<String, Origin> setBy(MergedConf<Conf> merged, String prefix) {
    TreeMap<String, Origin> out = new TreeMap<>();
    merged.setBy().forEach((field, origin) -> {
      if (field.startsWith(prefix)) out.put(field, origin);
    });
    return out;
  }
}
