package dev.atrium.core.xds;

import com.google.protobuf.Any;
import dev.atrium.core.ir.InboundMeshTlsIr;
import dev.atrium.core.ir.MeshTlsIr;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import java.util.List;

/**
 * Turns a listener's one plaintext filter chain into mesh-TLS chains (Kuma's inbound shapes):
 * <ul>
 *   <li>STRICT: the same filters behind mesh TLS, RBAC first; a client without a mesh certificate fails
 *       the handshake.
 *   <li>PERMISSIVE: the TLS inspector, then three chains — {@code raw_buffer} (plaintext, the filters
 *       as they were, no RBAC: mesh identity is unknown there), {@code tls} without ALPN {@code kuma}
 *       (the application's own TLS, passed through to the application untouched), and {@code tls} with
 *       ALPN {@code kuma} (mesh TLS, RBAC first).
 *   <li>CROSS_MESH: the TLS inspector and one chain on {@code tls} + ALPN {@code kuma}, any mesh's
 *       client, no RBAC (Kuma has none there).
 * </ul>
 */
final class MeshTlsFilterChainsConfigurer implements ListenerConfigurer {
  private final InboundMeshTlsIr tls;
  private final String statPrefix;

  MeshTlsFilterChainsConfigurer(InboundMeshTlsIr tls, String statPrefix) {
    this.tls = tls;
    this.statPrefix = statPrefix;
  }

  @Override
  public void configure(Listener.Builder listener) {
    if (listener.getFilterChainsCount() != 1) {
      throw new IllegalStateException("listener " + listener.getName() + ": mesh TLS wraps exactly one plaintext filter chain");
    }
    FilterChain plaintext = listener.getFilterChains(0);
    listener.clearFilterChains();
    FilterChain.Builder mesh = plaintext.toBuilder()
        .setName("mesh-tls")
        .setTransportSocket(MeshTlsContexts.downstream(tls));
    if (tls.rbac() != null) new RbacConfigurer(tls.rbac(), statPrefix).configure(mesh);
    switch (tls.mode()) {
      case STRICT -> listener.addFilterChains(mesh);
      case PERMISSIVE -> {
        inspector(listener);
        listener.addFilterChains(plaintext.toBuilder().setName("plaintext")
            .setFilterChainMatch(FilterChainMatch.newBuilder().setTransportProtocol("raw_buffer")));
        listener.addFilterChains(FilterChain.newBuilder().setName("application-tls")
            .setFilterChainMatch(FilterChainMatch.newBuilder().setTransportProtocol("tls"))
            .addFilters(new TcpProxyConfigurer(statPrefix, tls.passthroughCluster(), List.of()).filter()));
        listener.addFilterChains(mesh.setFilterChainMatch(meshAlpn()));
      }
      case CROSS_MESH -> {
        inspector(listener);
        listener.addFilterChains(mesh.setFilterChainMatch(meshAlpn()));
      }
    }
  }

  private static FilterChainMatch meshAlpn() {
    return FilterChainMatch.newBuilder().setTransportProtocol("tls").addApplicationProtocols(MeshTlsIr.MESH_ALPN).build();
  }

  private static void inspector(Listener.Builder listener) {
    listener.addListenerFilters(ListenerFilter.newBuilder()
        .setName(SniFilterChainsConfigurer.TLS_INSPECTOR)
        .setTypedConfig(Any.pack(TlsInspector.getDefaultInstance())));
  }
}
