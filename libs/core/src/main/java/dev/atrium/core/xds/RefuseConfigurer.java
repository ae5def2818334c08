package dev.atrium.core.xds;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.direct_response.v3.Config;

/**
 * A filter chain that closes every connection as soon as it is accepted: Envoy's direct_response
 * network filter with nothing to send. Envoy wants at least one filter chain on a listener, and a TCP
 * proxy to a cluster that does not exist (Kuma's way) would be a dangling reference.
 */
final class RefuseConfigurer implements ListenerConfigurer {
  static final String FILTER_NAME = "envoy.filters.network.direct_response";

  @Override
  public void configure(Listener.Builder listener) {
    listener.addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
        .setName(FILTER_NAME)
        .setTypedConfig(Any.pack(Config.getDefaultInstance()))));
  }
}
