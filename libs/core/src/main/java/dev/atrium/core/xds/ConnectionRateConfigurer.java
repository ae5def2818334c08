package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.atrium.core.ir.RateLimitIr.RateIr;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.type.v3.TokenBucket;

/**
 * A MeshRateLimit's TCP connection rate: Envoy's network local rate limit first on every filter chain
 * of the listener, so a connection over the rate is closed before any other filter (TLS, RBAC, HTTP)
 * spends work on it. One bucket per chain, as Kuma configures it.
 */
final class ConnectionRateConfigurer implements ListenerConfigurer {
  static final String FILTER_NAME = "envoy.extensions.filters.network.local_ratelimit.v3.LocalRateLimit";
  static final String STAT_PREFIX = "tcp_rate_limit";

  private final RateIr rate;

  ConnectionRateConfigurer(RateIr rate) {
    this.rate = rate;
  }

  @Override
  public void configure(Listener.Builder listener) {
    Filter filter = Filter.newBuilder().setName(FILTER_NAME).setTypedConfig(Any.pack(LocalRateLimit.newBuilder()
        .setStatPrefix(STAT_PREFIX)
        .setTokenBucket(TokenBucket.newBuilder()
            .setMaxTokens((int) rate.num())
            .setTokensPerFill(UInt32Value.of((int) rate.num()))
            .setFillInterval(EnvoyProtos.duration(rate.interval())))
        .build())).build();
    for (FilterChain.Builder chain : listener.getFilterChainsBuilderList()) chain.addFilters(0, filter);
  }
}
