package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.atrium.core.ir.ListenerIr.Direction;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import dev.atrium.core.ir.PoliciesIr;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.HeadersWithUnderscoresAction;
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
 *
 * <p>A builtin gateway's listeners face clients outside the mesh and get Kuma's edge defaults: the
 * client address from the connection (not from X-Forwarded-For), normalized paths with merged slashes
 * and escaped slashes unescaped by a redirect, header names with underscores rejected, and a server
 * header of its own. Its timeouts come from MeshTimeout alone (Kuma's {@code mesh-gateways-timeout-all-<mesh>},
 * created with every Mesh, sets 500 ms for the headers, 5 s stream idle, 5 min connection idle); without
 * a policy Envoy's own defaults apply, as in Kuma.
 */
final class HttpConnectionManagerConfigurer implements ListenerConfigurer {
  static final String FILTER_NAME = "envoy.filters.network.http_connection_manager";
  static final String ROUTER_NAME = "envoy.filters.http.router";

  static final String GATEWAY_SERVER_NAME = "Atrium Gateway";

  private final String statPrefix;
  private final String routeConfigName;
  private final Direction direction;
  private final PoliciesIr policies;
  private final boolean rateLimited;

  /**
   * {@code policies}: what connection policies set on this listener (timeouts, faults); {@code rateLimited}:
   * some route has a MeshRateLimit (the connection manager then needs the local rate limit filter).
   */
  HttpConnectionManagerConfigurer(String statPrefix, String routeConfigName, Direction direction, PoliciesIr policies,
      boolean rateLimited) {
    this.policies = policies == null ? PoliciesIr.NONE : policies;
    this.rateLimited = rateLimited;
    this.statPrefix = statPrefix;
    this.routeConfigName = routeConfigName;
    this.direction = direction;
  }

  @Override
  public void configure(Listener.Builder listener) {
    listener.addFilterChains(FilterChain.newBuilder().addFilters(filter()));
  }

  /** The HTTP connection manager as a network filter, for a filter chain built elsewhere (SNI chains). */
  Filter filter() {
    HttpConnectionManager.Builder hcm = HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .setRds(Rds.newBuilder().setConfigSource(EnvoyProtos.ads()).setRouteConfigName(routeConfigName));
    // Faults act before the router decides anything, so an aborted request never reaches an upstream.
    FaultFiltersConfigurer.configure(policies.faultInjection(), hcm);
    hcm.addHttpFilters(HttpFilter.newBuilder()
            .setName(ROUTER_NAME)
            .setTypedConfig(Any.pack(Router.getDefaultInstance())));
    if (direction == Direction.OUTBOUND) hcm.setHttpProtocolOptions(Http1ProtocolOptions.newBuilder().setAcceptHttp10(true));
    if (direction == Direction.GATEWAY) edgeDefaults(hcm);
    ListenerTimeoutsConfigurer.configure(policies.timeout(), hcm);
    if (rateLimited) LocalRateLimitConfigurer.addFilter(hcm);
    hcm.addAllAccessLog(AccessLogConfigurer.accessLogs(policies.accessLog()));
    return Filter.newBuilder().setName(FILTER_NAME).setTypedConfig(Any.pack(hcm.build())).build();
  }

  private static void edgeDefaults(HttpConnectionManager.Builder hcm) {
    hcm.setUseRemoteAddress(BoolValue.of(true))
        .setNormalizePath(BoolValue.of(true))
        .setMergeSlashes(true)
        .setPathWithEscapedSlashesAction(HttpConnectionManager.PathWithEscapedSlashesAction.UNESCAPE_AND_REDIRECT)
        .setCommonHttpProtocolOptions(HttpProtocolOptions.newBuilder()
            .setHeadersWithUnderscoresAction(HeadersWithUnderscoresAction.REJECT_REQUEST))
        .setServerName(GATEWAY_SERVER_NAME);
  }
}
