package dev.atrium.core.translate;

import dev.atrium.core.ir.FilterChainIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ListenerIr.Direction;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.ir.SecretIr;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Protocol;
import dev.atrium.core.policy.GatewayPolicies;
import dev.atrium.core.policy.GatewayPolicies.AttachedRoute;
import dev.atrium.core.policy.GatewayPolicies.HostnameChain;
import dev.atrium.core.policy.GatewayPolicies.ListenerPolicies;
import dev.atrium.core.policy.GatewayPolicies.Port;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A builtin gateway: Envoy is the edge proxy, configured by the MeshGateway that selects its Dataplane
 * and the routes attached to that gateway's listeners — both resolved by the policy stage
 * ({@link GatewayPolicies}, Kuma's pkg/plugins/runtime/gateway); this class only turns them into IR.
 * No MeshGateway selects the Dataplane → no listener at all.
 *
 * <p>Listeners on one port become one Envoy listener {@code <gateway>:<PROTO>:<port>} bound to the
 * Dataplane's address. HTTP: one route configuration with a virtual host per hostname
 * ({@link GatewayRouteTable}). TCP: a TCP proxy to the backends of every attached TCP route; a TCP
 * listener no route attaches to is left out until one does (Envoy needs a destination). HTTPS and TLS:
 * one filter chain per listener hostname, chosen by the client's SNI (exact names, then wildcards, then
 * {@code *}), terminating TLS with SDS certificates ({@link GatewayCertificates}) or, for TLS
 * PASSTHROUGH, passing the bytes on. Cross-mesh HTTP listeners take other meshes' proxies over mesh
 * TLS when the mesh has mTLS on ({@link CrossMeshGateways}); with mTLS on, backend clusters originate
 * mesh TLS ({@link GatewayBackends}).
 */
final class GatewayTranslator {
  private GatewayTranslator() {}

  static ProxyIr translate(MeshSnapshot mesh, Resource dataplane, Optional<GatewayPolicies> policies) {
    ProxyIrBuilder out = new ProxyIrBuilder(mesh.name(), dataplane.name(), ProxyKind.BUILTIN_GATEWAY);
    out.mtls(MeshTls.of(mesh));
    DataplaneSpec.Networking networking = dataplane.specAs(DataplaneSpec.class).networking();
    if (policies.isEmpty() || networking.address() == null) return out.build();
    String gateway = policies.get().gateway().name();
    String service = networking.gateway().tags().get(KumaTags.SERVICE);
    GatewayBackends backends = new GatewayBackends(mesh, dataplane, out);

    for (Port port : policies.get().ports()) {
      String name = ProxyNames.gatewayListener(gateway, port.protocol().name(), port.port());
      Long limit = connectionLimit(port.listeners());
      if (port.protocol() == Protocol.HTTP && port.crossMesh()) {
        // Other meshes' proxies come in with mesh TLS (CrossMeshGateways); the policy stage keeps these
        // ports only with mTLS on.
        String host = port.listeners().get(0).hostname();
        RouteIr route = CrossMeshGateways.withInternalHost(
            GatewayRouteTable.build(ProxyNames.gatewayRouteConfiguration(name), gateway, port.routes(), backends, false),
            host, CrossMeshGateways.internalHost(gateway, mesh.name()));
        out.addListener(ListenerIr.http(name, Direction.GATEWAY, networking.address(), port.port(), service, route)
            .withConnectionLimit(limit).withMeshTls(MeshTls.crossMeshListener(out.mtls())));
        out.needAllMeshesCa();
      } else if (port.protocol() == Protocol.HTTP) {
        out.addListener(ListenerIr.http(name, Direction.GATEWAY, networking.address(), port.port(), service,
            GatewayRouteTable.build(ProxyNames.gatewayRouteConfiguration(name), gateway, port.routes(), backends, false))
            .withConnectionLimit(limit));
      } else if (port.protocol() == Protocol.TCP) {
        List<WeightedCluster> clusters = tcpClusters(port.tcpRoutes(), backends);
        if (!clusters.isEmpty()) {
          out.addListener(ListenerIr.tcp(name, Direction.GATEWAY, networking.address(), port.port(), service, clusters)
              .withConnectionLimit(limit));
        }
      } else {
        List<FilterChainIr> chains = new ArrayList<>();
        for (HostnameChain chain : port.chains()) {
          filterChain(name, gateway, chain, mesh, backends, out).ifPresent(chains::add);
        }
        if (!chains.isEmpty()) {
          out.addListener(ListenerIr.sni(name, Direction.GATEWAY, networking.address(), port.port(), service, chains)
              .withConnectionLimit(limit));
        }
      }
    }
    return out.build();
  }

  /**
   * The port's {@code resources.connectionLimit}: the Validator refuses different limits on one port,
   * so the first listener that sets one speaks for all of them.
   */
  private static Long connectionLimit(List<ListenerPolicies> onPort) {
    return onPort.stream()
        .map(l -> l.listener().resources() == null ? null : l.listener().resources().connectionLimit())
        .filter(limit -> limit != null && limit > 0)
        .findFirst().orElse(null);
  }

  /** Kuma's ALPN for HTTPS listeners: HTTP/2 preferred. */
  static final List<String> HTTPS_ALPN = List.of("h2", "http/1.1");

  /**
   * The filter chain of one hostname of an HTTPS or TLS port, chosen by SNI. HTTPS: TLS terminated
   * with the listener's certificates, requests routed by {@code <listener>:<hostname>}. TLS: the
   * backends of the attached TCP routes, behind TLS termination (TERMINATE) or with the TLS bytes passed
   * through (PASSTHROUGH). Left out: a hostname whose certificates cannot be served
   * ({@link GatewayCertificates}), and a TLS hostname no TCP route attaches to (its connections would
   * have nowhere to go).
   */
  private static Optional<FilterChainIr> filterChain(String listenerName, String gateway, HostnameChain chain,
      MeshSnapshot mesh, GatewayBackends backends, ProxyIrBuilder out) {
    Listener spec = chain.listener().listener();
    String host = spec.effectiveHostname();
    boolean terminate = spec.tls() != null && spec.tls().mode() != MeshGatewaySpec.TlsMode.PASSTHROUGH;
    if (spec.tls() == null || (spec.protocol() == Protocol.HTTPS && !terminate)) return Optional.empty();
    // Resolved before the routes, so a left-out hostname adds no secret, cluster or service dependency.
    Optional<List<SecretIr>> secrets = terminate
        ? GatewayCertificates.secrets(spec.tls().certificates(), mesh)
        : Optional.of(List.of());
    if (secrets.isEmpty()) return Optional.empty();
    List<String> certificates = secrets.get().stream().map(SecretIr::name).toList();
    FilterChainIr filterChain;
    if (spec.protocol() == Protocol.HTTPS) {
      String routeName = ProxyNames.gatewayHostRouteConfiguration(listenerName, host);
      filterChain = new FilterChainIr(host, new FilterChainIr.TlsIr(certificates, HTTPS_ALPN),
          GatewayRouteTable.build(routeName, gateway, chain.routes(), backends, true), List.of());
    } else {
      List<WeightedCluster> clusters = tcpClusters(chain.tcpRoutes(), backends);
      if (clusters.isEmpty()) return Optional.empty();
      filterChain = new FilterChainIr(host, terminate ? new FilterChainIr.TlsIr(certificates, List.of()) : null, null,
          clusters);
    }
    secrets.get().forEach(out::addSecret);
    return Optional.of(filterChain);
  }

  /** The backends of every rule of the attached TCP routes, in the order the policy stage lists them. */
  static List<WeightedCluster> tcpClusters(List<AttachedRoute> routes, GatewayBackends backends) {
    List<WeightedCluster> clusters = new ArrayList<>();
    for (AttachedRoute attached : routes) clusters.addAll(tcpClusters(attached, backends));
    return clusters;
  }

  /** One attached TCP route's backends: a MeshTCPRoute's applying {@code to} entries, a MeshGatewayRoute's {@code conf.tcp}. */
  static List<WeightedCluster> tcpClusters(AttachedRoute attached, GatewayBackends backends) {
    Resource route = attached.route();
    if (route.kind() == ResourceKind.MESH_TCP_ROUTE) {
      return GatewayMeshRoutes.tcpClusters(route, attached.to(), backends);
    }
    List<WeightedCluster> clusters = new ArrayList<>();
    MeshGatewayRouteSpec.Conf conf = route.specAs(MeshGatewayRouteSpec.class).conf();
    if (conf == null || conf.tcp() == null) return clusters;
    List<MeshGatewayRouteSpec.TcpRule> rules = conf.tcp().rules();
    for (int i = 0; i < rules.size(); i++) {
      Origin origin = new Origin(route.kind(), route.name(), "conf.tcp.rules[" + i + "]");
      clusters.addAll(backends.clusters(rules.get(i).backends(), false, origin));
    }
    return clusters;
  }
}
