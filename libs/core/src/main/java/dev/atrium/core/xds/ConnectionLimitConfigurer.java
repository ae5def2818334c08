package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.UInt64Value;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit;

/**
 * Puts Envoy's connection_limit network filter first on every filter chain: a connection over the
 * limit is closed before any bytes are read. Kuma sets the limit through a per-listener runtime key
 * (RTDS); a filter needs no runtime layer in the bootstrap and no extra xDS type, and shows in the
 * listener itself. Each filter chain counts its own connections (one per hostname on an SNI port).
 */
final class ConnectionLimitConfigurer implements ListenerConfigurer {
  static final String FILTER_NAME = "envoy.filters.network.connection_limit";

  private final String statPrefix;
  private final long maxConnections;

  ConnectionLimitConfigurer(String statPrefix, long maxConnections) {
    this.statPrefix = statPrefix;
    this.maxConnections = maxConnections;
  }

  @Override
  public void configure(Listener.Builder listener) {
    Filter limit = Filter.newBuilder()
        .setName(FILTER_NAME)
        .setTypedConfig(Any.pack(ConnectionLimit.newBuilder()
            .setStatPrefix(statPrefix)
            .setMaxConnections(UInt64Value.of(maxConnections))
            .build()))
        .build();
    for (FilterChain.Builder chain : listener.getFilterChainsBuilderList()) {
      java.util.List<Filter> filters = new java.util.ArrayList<>(chain.getFiltersList());
      filters.add(0, limit);
      chain.clearFilters().addAllFilters(filters);
    }
  }
}
