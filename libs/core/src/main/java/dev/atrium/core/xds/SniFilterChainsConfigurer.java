package dev.atrium.core.xds;

import com.google.protobuf.Any;
import dev.atrium.core.ir.FilterChainIr;
import dev.atrium.core.ir.ListenerIr.Direction;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import java.util.List;

/**
 * Makes a listener choose its filter chain by the client's TLS SNI: the TLS inspector reads the
 * ClientHello, then each chain matches {@code transport_protocol: tls} and its server name ({@code *}:
 * no server name, so it takes any TLS connection no other chain claims). A chain terminates TLS
 * ({@link DownstreamTlsConfigurer}) and routes HTTP by RDS {@code <listener>:<hostname>}, or sends the
 * bytes — decrypted or passed through — to its clusters.
 */
final class SniFilterChainsConfigurer implements ListenerConfigurer {
  static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";

  private final String statPrefix;
  private final List<FilterChainIr> chains;
  private final Direction direction;
  private final dev.atrium.core.ir.PoliciesIr policies;

  SniFilterChainsConfigurer(String statPrefix, List<FilterChainIr> chains, Direction direction,
      dev.atrium.core.ir.PoliciesIr policies) {
    this.policies = policies;
    this.statPrefix = statPrefix;
    this.chains = chains;
    this.direction = direction;
  }

  @Override
  public void configure(Listener.Builder listener) {
    listener.addListenerFilters(ListenerFilter.newBuilder()
        .setName(TLS_INSPECTOR)
        .setTypedConfig(Any.pack(TlsInspector.getDefaultInstance())));
    for (FilterChainIr ir : chains) {
      FilterChainMatch.Builder match = FilterChainMatch.newBuilder().setTransportProtocol("tls");
      if (!ir.serverName().equals("*")) match.addServerNames(ir.serverName());
      FilterChain.Builder chain = FilterChain.newBuilder()
          .setName(ir.serverName())
          .setFilterChainMatch(match);
      if (ir.tls() != null) chain.setTransportSocket(DownstreamTlsConfigurer.transportSocket(ir.tls()));
      chain.addFilters(ir.route() != null
          ? new HttpConnectionManagerConfigurer(statPrefix, ir.route().name(), direction, policies,
              LocalRateLimitConfigurer.anyRoute(ir.route())).filter()
          : ir.clusters().size() == 1
              ? new TcpProxyConfigurer(statPrefix, ir.clusters().get(0).cluster(), List.of(), null, policies.accessLog()).filter()
              : new TcpProxyConfigurer(statPrefix, null, ir.clusters(), null, policies.accessLog()).filter());
      listener.addFilterChains(chain);
    }
  }
}
