package dev.atrium.core.xds;

import com.google.protobuf.Any;
import dev.atrium.core.ir.AccessLogIr;
import dev.atrium.core.ir.WeightedCluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.List;

/**
 * Makes a listener a TCP listener: one filter chain whose TCP proxy sends every connection to one
 * cluster, or splits connections over several by weight.
 */
final class TcpProxyConfigurer implements ListenerConfigurer {
  static final String FILTER_NAME = "envoy.filters.network.tcp_proxy";

  private final String statPrefix;
  private final String cluster;
  private final List<WeightedCluster> weightedClusters;
  private final Long maxConnectAttempts;
  private final AccessLogIr accessLog;

  TcpProxyConfigurer(String statPrefix, String cluster, List<WeightedCluster> weightedClusters) {
    this(statPrefix, cluster, weightedClusters, null);
  }

  /** @param maxConnectAttempts a MeshRetry's {@code tcp.maxConnectAttempt} (null: Envoy's single attempt) */
  TcpProxyConfigurer(String statPrefix, String cluster, List<WeightedCluster> weightedClusters, Long maxConnectAttempts) {
    this(statPrefix, cluster, weightedClusters, maxConnectAttempts, null);
  }

  /** @param accessLog where each connection is logged (MeshAccessLog, TrafficLog; null: not logged) */
  TcpProxyConfigurer(String statPrefix, String cluster, List<WeightedCluster> weightedClusters, Long maxConnectAttempts,
      AccessLogIr accessLog) {
    this.accessLog = accessLog;
    this.statPrefix = statPrefix;
    this.cluster = cluster;
    this.weightedClusters = weightedClusters;
    this.maxConnectAttempts = maxConnectAttempts;
  }

  @Override
  public void configure(Listener.Builder listener) {
    listener.addFilterChains(FilterChain.newBuilder().addFilters(filter()));
  }

  /** The TCP proxy as a network filter, for a filter chain built elsewhere (SNI chains). */
  Filter filter() {
    TcpProxy.Builder proxy = TcpProxy.newBuilder().setStatPrefix(statPrefix);
    if (cluster != null) {
      proxy.setCluster(cluster);
    } else {
      TcpProxy.WeightedCluster.Builder weighted = TcpProxy.WeightedCluster.newBuilder();
      weightedClusters.forEach(c -> weighted.addClusters(
          TcpProxy.WeightedCluster.ClusterWeight.newBuilder().setName(c.cluster()).setWeight(c.weight())));
      proxy.setWeightedClusters(weighted);
    }
    if (maxConnectAttempts != null) {
      proxy.setMaxConnectAttempts(com.google.protobuf.UInt32Value.of(maxConnectAttempts.intValue()));
    }
    proxy.addAllAccessLog(AccessLogConfigurer.accessLogs(accessLog));
    return Filter.newBuilder().setName(FILTER_NAME).setTypedConfig(Any.pack(proxy.build())).build();
  }
}
