package dev.atrium.core.ir;

import java.util.Objects;

/**
 * A port the proxy listens on.
 *
 * @param name unique within the proxy, Kuma-style: {@code inbound:<address>:<port>} or
 *     {@code outbound:<address>:<port>}
 * @param direction whether traffic comes into the application (inbound) or leaves it for the mesh
 * @param address the IP the listener binds
 * @param port the port the listener binds
 * @param service the kuma.io/service this listener serves (inbound) or reaches (outbound)
 * @param protocol HTTP: {@code route} says where requests go; TCP: every connection goes to {@code cluster}
 * @param route the HTTP routes (HTTP only, else null)
 * @param cluster the single target cluster (TCP only, else null)
 */
public record ListenerIr(
    String name,
    Direction direction,
    String address,
    int port,
    String service,
    Protocol protocol,
    RouteIr route,
    String cluster) {

  public enum Direction { INBOUND, OUTBOUND }

  public ListenerIr {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(protocol, "protocol");
    if (protocol == Protocol.HTTP && (route == null || cluster != null)) {
      throw new IllegalArgumentException("HTTP listener " + name + " needs a route and no cluster");
    }
    if (protocol == Protocol.TCP && (cluster == null || route != null)) {
      throw new IllegalArgumentException("TCP listener " + name + " needs a cluster and no route");
    }
  }

  public static ListenerIr http(String name, Direction direction, String address, int port, String service, RouteIr route) {
    return new ListenerIr(name, direction, address, port, service, Protocol.HTTP, route, null);
  }

  public static ListenerIr tcp(String name, Direction direction, String address, int port, String service, String cluster) {
    return new ListenerIr(name, direction, address, port, service, Protocol.TCP, null, cluster);
  }
}
