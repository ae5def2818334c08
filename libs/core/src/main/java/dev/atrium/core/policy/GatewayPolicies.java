package dev.atrium.core.policy;

import dev.atrium.core.model.Collect;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Protocol;
import java.util.List;
import java.util.Map;

/**
 * What applies where on one builtin gateway proxy, as {@link GatewayPolicyMatcher} resolved it: the
 * MeshGateway that configures it, each of its listeners with the routes attached to it, and per port
 * the route tables (virtual host → routes, in the order their rules are added) and TCP routes the
 * translator turns into Envoy configuration. The translator and the status report read this; neither
 * decides attachment again.
 *
 * @param gateway the MeshGateway that selects the Dataplane
 * @param dataplaneTags the Dataplane's gateway tags
 * @param listeners every listener of the MeshGateway, in its order, translated or not
 * @param ports the translated ports, in port order
 */
public record GatewayPolicies(Resource gateway, Map<String, String> dataplaneTags, List<ListenerPolicies> listeners,
    List<Port> ports) {
  public GatewayPolicies {
    dataplaneTags = Collect.map(dataplaneTags);
    listeners = List.copyOf(listeners);
    ports = List.copyOf(ports);
  }

  /**
   * One listener of the gateway.
   *
   * @param index its position in {@code conf.listeners}
   * @param tags what routes select it by: the Dataplane's gateway tags, then the gateway's, then its own
   * @param translated whether the translator builds it: a port, an HTTP/HTTPS/TCP/TLS protocol, not
   *     cross-mesh unless it is HTTP and the mesh has mTLS on, and its port's first listener has the same
   *     protocol and cross-mesh-ness
   * @param firstForHostname whether it is the first translated listener of its hostname on its port
   *     (on HTTPS and TLS ports only that one gets a filter chain)
   * @param meshHttpRoutes the MeshHTTPRoutes whose targetRef attaches them here (whatever the protocol), by name
   * @param meshTcpRoutes the MeshTCPRoutes whose targetRef attaches them here (whatever the protocol), by name
   * @param gatewayRoutes the MeshGatewayRoutes one of whose selectors matches {@link #tags}, by name
   */
  public record ListenerPolicies(int index, Listener listener, Map<String, String> tags, boolean translated,
      boolean firstForHostname, List<Resource> meshHttpRoutes, List<Resource> meshTcpRoutes,
      List<Resource> gatewayRoutes) {
    public ListenerPolicies {
      meshHttpRoutes = List.copyOf(meshHttpRoutes);
      meshTcpRoutes = List.copyOf(meshTcpRoutes);
      gatewayRoutes = List.copyOf(gatewayRoutes);
    }

    public String hostname() {
      return listener.effectiveHostname();
    }
  }

  /**
   * A translated port: its listeners (MeshGateway order) and what they serve. HTTP: one {@code routes}
   * table for the port; TCP: {@code tcpRoutes}; HTTPS and TLS: one {@link HostnameChain} per hostname,
   * most specific hostname first.
   */
  public record Port(int port, Protocol protocol, List<ListenerPolicies> listeners, RouteTable routes,
      List<AttachedRoute> tcpRoutes, List<HostnameChain> chains) {
    /** Whether the port serves a cross-mesh listener (HTTP, other meshes' proxies over mesh TLS). */
    public boolean crossMesh() {
      return listeners.get(0).listener().isCrossMesh();
    }

    public Port {
      listeners = List.copyOf(listeners);
      tcpRoutes = Collect.list(tcpRoutes);
      chains = Collect.list(chains);
    }
  }

  /** The filter chain of one hostname of an HTTPS port ({@code routes}) or TLS port ({@code tcpRoutes}). */
  public record HostnameChain(ListenerPolicies listener, RouteTable routes, List<AttachedRoute> tcpRoutes) {
    public HostnameChain {
      tcpRoutes = Collect.list(tcpRoutes);
    }
  }

  /** Virtual hosts of one route configuration, most specific hostname first. */
  public record RouteTable(List<VirtualHost> hosts) {
    public RouteTable {
      hosts = List.copyOf(hosts);
    }
  }

  /**
   * One virtual host: the routes whose rules it serves, in the order their rules are added (a route may
   * appear twice when two listeners of the host attach it); {@code newerKind} when they are
   * MeshHTTPRoutes, which then replace every MeshGatewayRoute of the host (Kuma: the newer kind wins).
   */
  public record VirtualHost(String host, boolean newerKind, List<AttachedRoute> routes) {
    public VirtualHost {
      routes = List.copyOf(routes);
    }
  }

  /**
   * A route attached where it is listed. {@code to}: for a MeshHTTPRoute or MeshTCPRoute, the indexes of
   * its {@code to} entries that apply there (kind Mesh, and for HTTP a hostname covering the host); for a
   * MeshGatewayRoute empty (every rule of its {@code conf.http} or {@code conf.tcp} applies).
   */
  public record AttachedRoute(Resource route, List<Integer> to) {
    public AttachedRoute {
      to = List.copyOf(to);
    }
  }
}
