package dev.atrium.core.translate;

import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.RouteIr.VirtualHostIr;
import dev.atrium.core.policy.Origin;
import java.util.List;

/** The route tables sidecars get: every request, whatever its Host and path, to one cluster. */
final class RouteTables {
  private RouteTables() {}

  static RouteIr allTo(String listenerName, String virtualHost, String cluster, Origin origin) {
    return new RouteIr(ProxyNames.routeConfiguration(listenerName),
        List.of(new VirtualHostIr(virtualHost, List.of("*"), List.of(new RouteRuleIr("/", cluster).withOrigin(origin)))));
  }
}
