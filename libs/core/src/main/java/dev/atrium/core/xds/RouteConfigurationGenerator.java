package dev.atrium.core.xds;

import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.RouteIr;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;

/** RDS: the route configuration of every HTTP listener, named as the listener's RDS reference says. */
final class RouteConfigurationGenerator implements ResourceGenerator {
  @Override
  public void generate(ProxyIr proxy, XdsResources.Builder out) {
    for (ListenerIr listener : proxy.listeners()) {
      if (listener.route() != null) out.add(routeConfiguration(listener.route()));
    }
  }

  static RouteConfiguration routeConfiguration(RouteIr route) {
    RouteConfiguration.Builder rc = RouteConfiguration.newBuilder().setName(route.name())
        .setIgnorePortInHostMatching(route.ignorePortInHostMatching());
    for (RouteIr.VirtualHostIr vh : route.virtualHosts()) {
      VirtualHost.Builder host = VirtualHost.newBuilder().setName(vh.name()).addAllDomains(vh.domains());
      for (RouteIr.RouteRuleIr rule : vh.routes()) {
        host.addRoutes(RouteConverter.route(rule));
      }
      rc.addVirtualHosts(host);
    }
    return rc.build();
  }
}
