package dev.atrium.core.ir;

import java.util.List;
import java.util.Objects;

/**
 * The HTTP routing table of one listener (an Envoy RouteConfiguration).
 *
 * @param name the route configuration's name; the listener's name, so each listener has its own
 */
public record RouteIr(String name, List<VirtualHostIr> virtualHosts) {
  public RouteIr {
    Objects.requireNonNull(name, "name");
    virtualHosts = List.copyOf(virtualHosts);
  }

  /**
   * A group of routes chosen by the request's Host.
   *
   * @param domains Host values this virtual host answers; {@code *} for any
   * @param routes tried in order, the first match wins
   */
  public record VirtualHostIr(String name, List<String> domains, List<RouteRuleIr> routes) {
    public VirtualHostIr {
      Objects.requireNonNull(name, "name");
      domains = List.copyOf(domains);
      routes = List.copyOf(routes);
    }
  }

  /** Requests whose path starts with {@code pathPrefix} go to {@code cluster}. */
  public record RouteRuleIr(String pathPrefix, String cluster) {
    public RouteRuleIr {
      Objects.requireNonNull(pathPrefix, "pathPrefix");
      Objects.requireNonNull(cluster, "cluster");
    }
  }
}
