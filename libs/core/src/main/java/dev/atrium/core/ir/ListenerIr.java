package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A port the proxy listens on.
 *
 * @param name unique within the proxy, Kuma-style: {@code inbound:<address>:<port>} or
 *     {@code outbound:<address>:<port>}, or {@code <gateway>:<PROTO>:<port>} for a builtin gateway's
 * @param direction whether traffic comes into the application (inbound), leaves it for the mesh
 *     (outbound), or enters the mesh from outside through a builtin gateway (gateway: edge-safe HTTP
 *     defaults)
 * @param address the IP the listener binds
 * @param port the port the listener binds
 * @param service the kuma.io/service this listener serves (inbound) or reaches (outbound)
 * @param protocol HTTP: {@code route} says where requests go; TCP: every connection goes to {@code cluster};
 *     REFUSE: every connection is closed (nothing else set)
 * @param route the HTTP routes (HTTP only, else null)
 * @param cluster the single target cluster (TCP only, else null)
 * @param weightedClusters the target clusters when a TCP listener splits its connections (TCP only,
 *     then {@code cluster} is null; empty otherwise)
 * @param filterChains SNI: one chain per server name, each terminating TLS for HTTP routes or passing
 *     bytes on (then route, cluster and weighted clusters are empty; a builtin gateway's HTTPS/TLS port)
 * @param connectionLimit at most this many connections open at once on each of the listener's filter
 *     chains, further ones are closed on accept (a gateway listener's {@code resources.connectionLimit});
 *     null for no limit
 * @param binding how connections reach the listener: it binds its port (the default, left out of the
 *     YAML), or it is a transparent proxy's redirect port that passes connections on by their original
 *     destination, or it binds nothing and gets only what such a listener passes on
 * @param policies what connection policies set on the listener (left out of the YAML when none)
 * @param meshTls mesh clients must connect with mesh TLS (an inbound or a cross-mesh gateway listener
 *     when the mesh has mTLS on); null: plaintext, as before
 */
public record ListenerIr(
    String name,
    Direction direction,
    String address,
    int port,
    String service,
    Protocol protocol,
    RouteIr route,
    String cluster,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<WeightedCluster> weightedClusters,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FilterChainIr> filterChains,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long connectionLimit,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = BindsPort.class) Binding binding,
    @JsonInclude(JsonInclude.Include.NON_NULL) InboundMeshTlsIr meshTls,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = PoliciesIr.Empty.class) PoliciesIr policies) {

  public enum Direction { INBOUND, OUTBOUND, GATEWAY }

  /**
   * How the kernel's connections reach a listener. Transparent proxying (iptables redirecting a pod's
   * TCP to Envoy) needs the last two: the redirect port receives every connection, and Envoy hands each
   * one to the listener for the address:port the application really dialled.
   */
  public enum Binding {
    /** Binds address:port itself (Envoy's default). */
    BIND,
    /**
     * Binds address:port and passes each connection on to the listener of the connection's original
     * destination ({@code use_original_dst}); it handles itself only those no listener claims.
     */
    VIRTUAL,
    /** Binds nothing ({@code bind_to_port: false}): it only gets what a VIRTUAL listener passes on. */
    FROM_VIRTUAL
  }

  /** Jackson's filter that leaves the default binding out of the IR's YAML, so the usual listener reads as before. */
  public static final class BindsPort {
    @Override
    public boolean equals(Object value) {
      return value == null || value == Binding.BIND;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  public ListenerIr {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(protocol, "protocol");
    weightedClusters = weightedClusters == null ? List.of() : List.copyOf(weightedClusters);
    filterChains = filterChains == null ? List.of() : List.copyOf(filterChains);
    binding = binding == null ? Binding.BIND : binding;
    policies = policies == null ? PoliciesIr.NONE : policies;
    if (protocol == Protocol.REFUSE
        && (route != null || cluster != null || !weightedClusters.isEmpty() || !filterChains.isEmpty())) {
      throw new IllegalArgumentException("listener " + name + " refuses its connections: it has nowhere to send them");
    }
    if (connectionLimit != null && connectionLimit <= 0) {
      throw new IllegalArgumentException("listener " + name + ": a connection limit is positive, got " + connectionLimit);
    }
    if (protocol == Protocol.SNI
        && (filterChains.isEmpty() || route != null || cluster != null || !weightedClusters.isEmpty())) {
      throw new IllegalArgumentException("SNI listener " + name + " needs filter chains and nothing else");
    }
    if (protocol != Protocol.SNI && !filterChains.isEmpty()) {
      throw new IllegalArgumentException("only SNI listeners have filter chains: " + name);
    }
    if (protocol == Protocol.HTTP && (route == null || cluster != null || !weightedClusters.isEmpty())) {
      throw new IllegalArgumentException("HTTP listener " + name + " needs a route and no cluster");
    }
    if (protocol == Protocol.TCP && (route != null || (cluster == null) == weightedClusters.isEmpty())) {
      throw new IllegalArgumentException("TCP listener " + name + " needs either a cluster or weighted clusters, and no route");
    }
  }

  public static ListenerIr http(String name, Direction direction, String address, int port, String service, RouteIr route) {
    return new ListenerIr(name, direction, address, port, service, Protocol.HTTP, route, null, List.of(), List.of(), null, Binding.BIND, null, null);
  }

  public static ListenerIr tcp(String name, Direction direction, String address, int port, String service, String cluster) {
    return new ListenerIr(name, direction, address, port, service, Protocol.TCP, null, cluster, List.of(), List.of(), null, Binding.BIND, null, null);
  }

  /** A TCP listener whose connections go to one cluster, or are split by weight when there are several. */
  public static ListenerIr tcp(String name, Direction direction, String address, int port, String service,
      List<WeightedCluster> clusters) {
    return clusters.size() == 1
        ? tcp(name, direction, address, port, service, clusters.get(0).cluster())
        : new ListenerIr(name, direction, address, port, service, Protocol.TCP, null, null, clusters, List.of(), null, Binding.BIND, null, null);
  }

  /** A listener choosing a filter chain by the client's TLS SNI (most specific server name first). */
  public static ListenerIr sni(String name, Direction direction, String address, int port, String service,
      List<FilterChainIr> chains) {
    return new ListenerIr(name, direction, address, port, service, Protocol.SNI, null, null, List.of(), chains, null, Binding.BIND, null, null);
  }

  /** This listener with at most {@code limit} open connections per filter chain (null: unlimited). */
  public ListenerIr withConnectionLimit(Long limit) {
    return new ListenerIr(name, direction, address, port, service, protocol, route, cluster, weightedClusters,
        filterChains, limit, binding, meshTls, policies);
  }

  /** This listener reached as {@code how} says (a transparent proxy's listeners). */
  public ListenerIr withBinding(Binding how) {
    return new ListenerIr(name, direction, address, port, service, protocol, route, cluster, weightedClusters,
        filterChains, connectionLimit, how, meshTls, policies);
  }

  /** A listener that closes every connection it keeps (a transparent proxy's outbound port when the Mesh turns passthrough off). */
  public static ListenerIr refusing(String name, Direction direction, String address, int port) {
    return new ListenerIr(name, direction, address, port, null, Protocol.REFUSE, null, null, List.of(), List.of(), null,
        Binding.BIND, null, null);
  }

  /** This listener taking mesh TLS only as {@code tls} says (null: plaintext). */
  public ListenerIr withMeshTls(InboundMeshTlsIr tls) {
    return new ListenerIr(name, direction, address, port, service, protocol, route, cluster, weightedClusters,
        filterChains, connectionLimit, binding, tls, policies);
  }

  /** This listener with what connection policies set on it (the HTTP connection manager's timeouts). */
  public ListenerIr withPolicies(PoliciesIr set) {
    return new ListenerIr(name, direction, address, port, service, protocol, route, cluster, weightedClusters,
        filterChains, connectionLimit, binding, meshTls, set);
  }

  /** This listener with its HTTP routes replaced (the policy pass setting route policies). */
  public ListenerIr withRoute(RouteIr newRoute) {
    return new ListenerIr(name, direction, address, port, service, protocol, newRoute, cluster, weightedClusters,
        filterChains, connectionLimit, binding, meshTls, policies);
  }

  /** This listener with its SNI filter chains replaced (the policy pass setting route policies). */
  public ListenerIr withFilterChains(List<FilterChainIr> chains) {
    return new ListenerIr(name, direction, address, port, service, protocol, route, cluster, weightedClusters,
        chains, connectionLimit, binding, meshTls, policies);
  }
}
