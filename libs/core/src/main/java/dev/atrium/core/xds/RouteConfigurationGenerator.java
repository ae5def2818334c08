package dev.atrium.core.xds;

import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.RouteIr;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;

/**
 * RDS: the route configuration of every HTTP listener and of every HTTPS filter chain, named as the
 * RDS reference says.
 */
final class RouteConfigurationGenerator implements ResourceGenerator {
  @Override
  public void generate(ProxyIr proxy, XdsResources.Builder out) {
    for (ListenerIr listener : proxy.listeners()) {
      if (listener.route() != null) add(listener.route(), out);
      listener.filterChains().stream().filter(c -> c.route() != null).forEach(c -> add(c.route(), out));
    }
  }

  private static void add(RouteIr route, XdsResources.Builder out) {
    out.addShared(RouteConfigurationGenerator.class, route, () -> routeConfiguration(route));
  }

  static RouteConfiguration routeConfiguration(RouteIr route) {
    RouteConfiguration.Builder rc = RouteConfiguration.newBuilder().setName(route.name())
        .setIgnorePortInHostMatching(route.ignorePortInHostMatching());
    for (RouteIr.VirtualHostIr vh : route.virtualHosts()) {
      VirtualHost.Builder host = VirtualHost.newBuilder().setName(vh.name()).addAllDomains(vh.domains());
      if (vh.requireTls()) host.setRequireTls(VirtualHost.TlsRequirementType.ALL);
      vh.responseHeaders().forEach((header, value) -> host.addResponseHeadersToAdd(HeaderValueOption.newBuilder()
          .setHeader(HeaderValue.newBuilder().setKey(header).setValue(value))
          .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)));
      for (RouteIr.RouteRuleIr rule : vh.routes()) {
        host.addRoutes(RouteConverter.route(rule));
      }
      rc.addVirtualHosts(host);
    }
    return rc.build();
  }
}
