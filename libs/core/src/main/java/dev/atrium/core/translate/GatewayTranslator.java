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
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Protocol;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A builtin gateway: Envoy is the edge proxy, configured by the MeshGateway that selects its
 * Dataplane and by the MeshGatewayRoutes, MeshHTTPRoutes and MeshTCPRoutes attached to that gateway's
 * listeners (Kuma's pkg/plugins/runtime/gateway; {@link GatewayMeshRoutes}). No MeshGateway selects the Dataplane → no listener at all.
 *
 * <p>Listeners on one port become one Envoy listener {@code <gateway>:<PROTO>:<port>} bound to the
 * Dataplane's address. HTTP: one route configuration with a virtual host per hostname
 * ({@link GatewayRouteTable}). TCP: a TCP proxy to the backends of every attached {@code conf.tcp}
 * route; a TCP listener no route attaches to is left out until one does (Envoy needs a destination).
 * HTTPS and TLS: one filter chain per listener hostname, chosen by the client's SNI (exact names, then
 * wildcards, then {@code *}), terminating TLS with SDS certificates ({@link GatewayCertificates}) or,
 * for TLS PASSTHROUGH, passing the bytes on. Cross-mesh HTTP listeners take other meshes' proxies over
 * mesh TLS when the mesh has mTLS on ({@link CrossMeshGateways}); with mTLS on, backend clusters
 * originate mesh TLS ({@link GatewayBackends}).
 */
final class GatewayTranslator {
  private GatewayTranslator() {}

  /** A gateway listener with its merged tags: Dataplane gateway tags ∪ gateway tags ∪ listener tags. */
  record TaggedListener(Listener listener, Map<String, String> tags) {}

  static ProxyIr translate(MeshSnapshot mesh, Resource dataplane) {
    ProxyIrBuilder out = new ProxyIrBuilder(mesh.name(), dataplane.name(), ProxyKind.BUILTIN_GATEWAY);
    out.mtls(MeshTls.of(mesh));
    DataplaneSpec.Networking networking = dataplane.specAs(DataplaneSpec.class).networking();
    Map<String, String> dataplaneTags = networking.gateway().tags();
    Optional<Resource> selected = select(mesh, dataplaneTags);
    if (selected.isEmpty() || networking.address() == null) return out.build();
    Resource gateway = selected.get();
    MeshGatewaySpec spec = gateway.specAs(MeshGatewaySpec.class);
    List<Resource> routes = mesh.all(ResourceKind.MESH_GATEWAY_ROUTE);
    GatewayBackends backends = new GatewayBackends(mesh, out);
    GatewayMeshRoutes meshRoutes = new GatewayMeshRoutes(mesh, gateway.name());

    for (List<TaggedListener> onPort : byPort(spec, dataplaneTags, out.mtls() != null).values()) {
      Protocol protocol = onPort.get(0).listener().protocol();
      int port = onPort.get(0).listener().port();
      String name = ProxyNames.gatewayListener(gateway.name(), protocol.name(), port);
      String service = dataplaneTags.get(KumaTags.SERVICE);
      Long limit = connectionLimit(onPort);
      if (protocol == Protocol.HTTP && onPort.get(0).listener().isCrossMesh()) {
        // Other meshes' proxies come in with mesh TLS (CrossMeshGateways); byPort keeps these only with mTLS on.
        String host = onPort.get(0).listener().effectiveHostname();
        RouteIr route = CrossMeshGateways.withInternalHost(GatewayRouteTable.build(name, onPort, routes, meshRoutes, backends),
            host, CrossMeshGateways.internalHost(gateway.name(), mesh.name()));
        out.addListener(ListenerIr.http(name, Direction.GATEWAY, networking.address(), port, service, route)
            .withConnectionLimit(limit).withMeshTls(MeshTls.crossMeshListener(out.mtls())));
        out.needAllMeshesCa();
      } else if (protocol == Protocol.HTTP) {
        out.addListener(ListenerIr.http(name, Direction.GATEWAY, networking.address(), port, service,
            GatewayRouteTable.build(name, onPort, routes, meshRoutes, backends)).withConnectionLimit(limit));
      } else if (protocol == Protocol.TCP) {
        List<WeightedCluster> clusters = tcpClusters(onPort, routes, meshRoutes, backends);
        if (!clusters.isEmpty()) {
          out.addListener(ListenerIr.tcp(name, Direction.GATEWAY, networking.address(), port, service, clusters)
              .withConnectionLimit(limit));
        }
      } else {
        List<FilterChainIr> chains = new ArrayList<>();
        for (TaggedListener listener : bySpecificity(onPort)) {
          filterChain(name, listener, mesh, routes, meshRoutes, backends, out).ifPresent(chains::add);
        }
        if (!chains.isEmpty()) {
          out.addListener(ListenerIr.sni(name, Direction.GATEWAY, networking.address(), port, service, chains)
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
  private static Long connectionLimit(List<TaggedListener> onPort) {
    return onPort.stream()
        .map(l -> l.listener().resources() == null ? null : l.listener().resources().connectionLimit())
        .filter(limit -> limit != null && limit > 0)
        .findFirst().orElse(null);
  }

  /** Kuma's ALPN for HTTPS listeners: HTTP/2 preferred. */
  static final List<String> HTTPS_ALPN = List.of("h2", "http/1.1");

  /**
   * The filter chain of one hostname of an HTTPS or TLS port, chosen by SNI. HTTPS: TLS terminated
   * with the listener's certificates, requests routed by {@code <listener>:<hostname>}
   * ({@link GatewayRouteTable#buildHttps}). TLS: the backends of the attached TCP routes, behind TLS
   * termination (TERMINATE) or with the TLS bytes passed through (PASSTHROUGH). Left out: a hostname
   * whose certificates cannot be served ({@link GatewayCertificates}), and a TLS hostname no TCP route
   * attaches to (its connections would have nowhere to go).
   */
  private static Optional<FilterChainIr> filterChain(String listenerName, TaggedListener listener, MeshSnapshot mesh,
      List<Resource> routes, GatewayMeshRoutes meshRoutes, GatewayBackends backends, ProxyIrBuilder out) {
    Listener spec = listener.listener();
    String host = spec.effectiveHostname();
    boolean terminate = spec.tls() != null && spec.tls().mode() != MeshGatewaySpec.TlsMode.PASSTHROUGH;
    if (spec.tls() == null || (spec.protocol() == Protocol.HTTPS && !terminate)) return Optional.empty();
    // Resolved before the routes, so a left-out hostname adds no secret, cluster or service dependency.
    Optional<List<SecretIr>> secrets = terminate
        ? GatewayCertificates.secrets(spec.tls().certificates(), mesh)
        : Optional.of(List.of());
    if (secrets.isEmpty()) return Optional.empty();
    List<String> certificates = secrets.get().stream().map(SecretIr::name).toList();
    FilterChainIr chain;
    if (spec.protocol() == Protocol.HTTPS) {
      chain = new FilterChainIr(host, new FilterChainIr.TlsIr(certificates, HTTPS_ALPN),
          GatewayRouteTable.buildHttps(listenerName, listener, routes, meshRoutes, backends), List.of());
    } else {
      List<WeightedCluster> clusters = tcpClusters(List.of(listener), routes, meshRoutes, backends);
      if (clusters.isEmpty()) return Optional.empty();
      chain = new FilterChainIr(host, terminate ? new FilterChainIr.TlsIr(certificates, List.of()) : null, null,
          clusters);
    }
    secrets.get().forEach(out::addSecret);
    return Optional.of(chain);
  }

  /** A port's listeners, most specific hostname first ({@link GatewayRouteTable#HOST_ORDER}), one per hostname. */
  static List<TaggedListener> bySpecificity(List<TaggedListener> onPort) {
    Map<String, TaggedListener> byHost = new TreeMap<>(GatewayRouteTable.HOST_ORDER);
    for (TaggedListener l : onPort) byHost.putIfAbsent(l.listener().effectiveHostname(), l);
    return List.copyOf(byHost.values());
  }

  /**
   * The MeshGateway with the most specific selector (most tags) matching the Dataplane's gateway tags;
   * on a tie the first by name.
   */
  static Optional<Resource> select(MeshSnapshot mesh, Map<String, String> dataplaneTags) {
    Resource best = null;
    int bestSize = -1;
    for (Resource gateway : mesh.all(ResourceKind.MESH_GATEWAY)) {
      for (Selector selector : gateway.specAs(MeshGatewaySpec.class).selectors()) {
        if (selector.matches(dataplaneTags) && selector.match().size() > bestSize) {
          best = gateway;
          bestSize = selector.match().size();
        }
      }
    }
    return Optional.ofNullable(best);
  }

  static boolean selects(List<Selector> selectors, Map<String, String> tags) {
    return selectors.stream().anyMatch(s -> s.matches(tags));
  }

  /**
   * HTTP, HTTPS, TCP and TLS listeners grouped by port, in port order; on a port, the first listener's
   * protocol and cross-mesh-ness win. Cross-mesh (HTTP) listeners only when the mesh has mTLS on
   * ({@code meshTls}): Kuma's "mTLS must be enabled for crossMesh-enabled MeshGateways".
   */
  private static final Set<Protocol> TRANSLATED = Set.of(Protocol.HTTP, Protocol.HTTPS, Protocol.TCP, Protocol.TLS);

  static Map<Integer, List<TaggedListener>> byPort(MeshGatewaySpec spec, Map<String, String> dataplaneTags,
      boolean meshTls) {
    Map<Integer, List<TaggedListener>> byPort = new TreeMap<>();
    if (spec.conf() == null) return byPort;
    for (Listener listener : spec.conf().listeners()) {
      if (listener.port() == null || (listener.isCrossMesh() && (!meshTls || listener.protocol() != Protocol.HTTP))
          || !TRANSLATED.contains(listener.protocol())) continue;
      List<TaggedListener> onPort = byPort.computeIfAbsent(listener.port(), p -> new ArrayList<>());
      if (!onPort.isEmpty() && (onPort.get(0).listener().protocol() != listener.protocol()
          || onPort.get(0).listener().isCrossMesh() != listener.isCrossMesh())) continue;
      onPort.add(new TaggedListener(listener, mergedTags(spec, listener, dataplaneTags)));
    }
    return byPort;
  }

  /** A listener's tags for route selection: the Dataplane's gateway tags, then the gateway's, then its own. */
  static Map<String, String> mergedTags(MeshGatewaySpec spec, Listener listener, Map<String, String> dataplaneTags) {
    Map<String, String> tags = new LinkedHashMap<>(dataplaneTags);
    tags.putAll(spec.tags());
    tags.putAll(listener.tags());
    return tags;
  }

  /**
   * The backends of every rule of every TCP route attached to one of the port's listeners, routes by
   * name: the MeshTCPRoutes of listeners that have some, then the MeshGatewayRoutes of the others.
   */
  private static List<WeightedCluster> tcpClusters(List<TaggedListener> onPort, List<Resource> routes,
      GatewayMeshRoutes meshRoutes, GatewayBackends backends) {
    List<WeightedCluster> clusters = new ArrayList<>();
    List<TaggedListener> legacy = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (TaggedListener listener : onPort) {
      List<Resource> tcpRoutes = meshRoutes.tcp(listener);
      if (tcpRoutes.isEmpty()) legacy.add(listener);
      for (Resource route : tcpRoutes) {
        if (seen.add(route.name())) clusters.addAll(GatewayMeshRoutes.tcpClusters(route, backends));
      }
    }
    for (Resource route : routes) {
      MeshGatewayRouteSpec spec = route.specAs(MeshGatewayRouteSpec.class);
      if (legacy.stream().noneMatch(l -> attachesTcp(spec, l))) continue;
      for (MeshGatewayRouteSpec.TcpRule rule : spec.conf().tcp().rules()) {
        clusters.addAll(backends.clusters(rule.backends(), false));
      }
    }
    return clusters;
  }

  /** Whether a MeshGatewayRoute's {@code conf.tcp} attaches to a TCP or TLS listener: one of its selectors matches the listener's tags. */
  static boolean attachesTcp(MeshGatewayRouteSpec spec, TaggedListener listener) {
    return spec.conf() != null && spec.conf().tcp() != null && selects(spec.selectors(), listener.tags());
  }
}
