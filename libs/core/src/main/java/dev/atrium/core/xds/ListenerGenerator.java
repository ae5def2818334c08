package dev.atrium.core.xds;

import dev.atrium.core.ir.FilterChainIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.RateLimitIr;
import dev.atrium.core.ir.RouteIr;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.List;

/**
 * LDS: one listener per IR listener, bound to its address and port, with an HTTP connection manager
 * (routes by RDS) or a TCP proxy (one cluster, or weighted clusters) as its only filter chain, or
 * one filter chain per TLS server name (SNI, after the TLS inspector), each behind a connection limit
 * when the listener has one, or a chain that closes every connection (REFUSE). A transparent proxy's
 * redirect ports pass connections on by original destination to listeners that bind nothing. A
 * builtin gateway's listeners count as inbound: traffic comes in from outside the mesh. A listener
 * taking mesh TLS gets its chain wrapped in mesh TLS with RBAC ({@link MeshTlsFilterChainsConfigurer}).
 */
final class ListenerGenerator implements ResourceGenerator {
  @Override
  public void generate(ProxyIr proxy, XdsResources.Builder out) {
    for (ListenerIr ir : proxy.listeners()) out.addShared(ListenerGenerator.class, sharingKey(ir), () -> listener(ir));
  }

  /**
   * What {@link #listener} reads of {@code ir}: all of it but the routes of its route tables, of which it
   * reads only each table's name and whether a route limits requests (the HTTP connection manager finds
   * the routes by RDS). Keyed by this, sharing hashes a gateway's listener without walking its thousands
   * of routes; two listeners with equal keys still get equal Envoy listeners.
   */
  record SharingKey(ListenerIr listener, List<Boolean> requestRateLimited) {}

  static SharingKey sharingKey(ListenerIr ir) {
    List<Boolean> limited = new ArrayList<>();
    ListenerIr stripped = ir;
    if (ir.route() != null) {
      limited.add(LocalRateLimitConfigurer.anyRoute(ir.route()));
      stripped = stripped.withRoute(withoutRoutes(ir.route()));
    }
    List<FilterChainIr> chains = new ArrayList<>(ir.filterChains().size());
    boolean anyTable = false;
    for (FilterChainIr c : ir.filterChains()) {
      if (c.route() == null) {
        chains.add(c);
        continue;
      }
      anyTable = true;
      limited.add(LocalRateLimitConfigurer.anyRoute(c.route()));
      chains.add(new FilterChainIr(c.serverName(), c.tls(), withoutRoutes(c.route()), c.clusters()));
    }
    if (anyTable) stripped = stripped.withFilterChains(chains);
    return new SharingKey(stripped, limited);
  }

  private static RouteIr withoutRoutes(RouteIr table) {
    return new RouteIr(table.name(), List.of(), table.ignorePortInHostMatching());
  }

  private static Listener listener(ListenerIr ir) {
    Listener.Builder listener = Listener.newBuilder()
        .setName(ir.name())
        .setAddress(EnvoyProtos.tcpAddress(ir.address(), ir.port()))
        .setTrafficDirection(ir.direction() == ListenerIr.Direction.OUTBOUND
            ? TrafficDirection.OUTBOUND : TrafficDirection.INBOUND);
    networkFilter(ir).configure(listener);
    if (ir.meshTls() != null) {
      new MeshTlsFilterChainsConfigurer(ir.meshTls(), EnvoyProtos.statPrefix(ir.name())).configure(listener);
    }
    RateLimitIr rateLimit = ir.policies().rateLimit();
    if (rateLimit != null && rateLimit.connectionRate() != null) {
      new ConnectionRateConfigurer(rateLimit.connectionRate()).configure(listener);
    }
    new ListenerBindingConfigurer(ir.binding()).configure(listener);
    if (ir.connectionLimit() != null) {
      new ConnectionLimitConfigurer(EnvoyProtos.statPrefix(ir.name()), ir.connectionLimit()).configure(listener);
    }
    return listener.build();
  }

  private static ListenerConfigurer networkFilter(ListenerIr ir) {
    String statPrefix = EnvoyProtos.statPrefix(ir.name());
    return switch (ir.protocol()) {
      case HTTP -> new HttpConnectionManagerConfigurer(statPrefix, ir.route().name(), ir.direction(), ir.policies(),
          LocalRateLimitConfigurer.anyRoute(ir.route()));
      case TCP -> new TcpProxyConfigurer(statPrefix, ir.cluster(), ir.weightedClusters(),
          ir.policies().retry() == null ? null : ir.policies().retry().maxConnectAttempts(), ir.policies().accessLog());
      case SNI -> new SniFilterChainsConfigurer(statPrefix, ir.filterChains(), ir.direction(), ir.policies());
      case REFUSE -> new RefuseConfigurer();
    };
  }
}
