package dev.atrium.core.xds;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;

/**
 * Makes a listener an HTTP listener: one filter chain with an HTTP connection manager whose routes
 * come over ADS (RDS, v3) under {@code routeConfigName}. The HTTP filter list must end with the
 * router, with its typed config: without it Envoy accepts the listener and answers no request.
 *
 * <p>Outbound listeners also accept HTTP/1.0: the API gateways a delegated gateway fronts speak it
 * to their upstreams by default (nginx's {@code proxy_pass} does), and Envoy would otherwise answer
 * them 426 Upgrade Required.
 */
final class HttpConnectionManagerConfigurer implements ListenerConfigurer {
  static final String FILTER_NAME = "envoy.filters.network.http_connection_manager";
  static final String ROUTER_NAME = "envoy.filters.http.router";

  private final String statPrefix;
  private final String routeConfigName;
  private final boolean acceptHttp10;

  HttpConnectionManagerConfigurer(String statPrefix, String routeConfigName, boolean acceptHttp10) {
    this.statPrefix = statPrefix;
    this.routeConfigName = routeConfigName;
    this.acceptHttp10 = acceptHttp10;
  }

  @Override
  public void configure(Listener.Builder listener) {
    HttpConnectionManager.Builder hcm = HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .setRds(Rds.newBuilder().setConfigSource(EnvoyProtos.ads()).setRouteConfigName(routeConfigName))
        .addHttpFilters(HttpFilter.newBuilder()
            .setName(ROUTER_NAME)
            .setTypedConfig(Any.pack(Router.getDefaultInstance())));
    if (acceptHttp10) hcm.setHttpProtocolOptions(Http1ProtocolOptions.newBuilder().setAcceptHttp10(true));
    listener.addFilterChains(FilterChain.newBuilder()
        .addFilters(Filter.newBuilder().setName(FILTER_NAME).setTypedConfig(Any.pack(hcm.build()))));
  }
}
