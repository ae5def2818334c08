package dev.atrium.core.xds;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;

/** Makes a listener a TCP listener: one filter chain whose TCP proxy sends every connection to one cluster. */
final class TcpProxyConfigurer implements ListenerConfigurer {
  static final String FILTER_NAME = "envoy.filters.network.tcp_proxy";

  private final String statPrefix;
  private final String cluster;

  TcpProxyConfigurer(String statPrefix, String cluster) {
    this.statPrefix = statPrefix;
    this.cluster = cluster;
  }

  @Override
  public void configure(Listener.Builder listener) {
    TcpProxy proxy = TcpProxy.newBuilder().setStatPrefix(statPrefix).setCluster(cluster).build();
    listener.addFilterChains(FilterChain.newBuilder()
        .addFilters(Filter.newBuilder().setName(FILTER_NAME).setTypedConfig(Any.pack(proxy))));
  }
}
