package dev.atrium.core.xds;

import dev.atrium.core.ir.RetryIr;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

/**
 * A MeshRetry's HTTP section on a forwarding route: Envoy retries a failed request (as {@code retry_on}
 * says) up to {@code num_retries} times, each attempt limited to {@code per_try_timeout}, with
 * exponential back-off in between. Retried methods are a {@code :method} match on the request, as Kuma
 * writes them. A TCP listener's record (only connect attempts) leaves routes alone.
 */
final class RouteRetryConfigurer {
  private RouteRetryConfigurer() {}

  static final java.time.Duration DEFAULT_BASE = java.time.Duration.ofMillis(25);

  static void configure(RetryIr retry, RouteAction.Builder action) {
    if (retry == null || retry.retryOn() == null) return;
    RetryPolicy.Builder policy = RetryPolicy.newBuilder().setRetryOn(retry.retryOn());
    if (retry.numRetries() != null) policy.setNumRetries(com.google.protobuf.UInt32Value.of(retry.numRetries().intValue()));
    if (retry.perTryTimeout() != null) policy.setPerTryTimeout(EnvoyProtos.duration(retry.perTryTimeout()));
    if (retry.backOffBase() != null || retry.backOffMax() != null) {
      RetryPolicy.RetryBackOff.Builder backOff = RetryPolicy.RetryBackOff.newBuilder();
      // Envoy requires a base interval: with only a max given, Envoy's documented default base.
      backOff.setBaseInterval(EnvoyProtos.duration(retry.backOffBase() != null ? retry.backOffBase() : DEFAULT_BASE));
      if (retry.backOffMax() != null) backOff.setMaxInterval(EnvoyProtos.duration(retry.backOffMax()));
      policy.setRetryBackOff(backOff);
    }
    policy.addAllRetriableStatusCodes(retry.retriableStatusCodes());
    for (String method : retry.retriableMethods()) {
      policy.addRetriableRequestHeaders(HeaderMatcher.newBuilder().setName(":method")
          .setStringMatch(StringMatcher.newBuilder().setExact(method)));
    }
    action.setRetryPolicy(policy);
  }
}
