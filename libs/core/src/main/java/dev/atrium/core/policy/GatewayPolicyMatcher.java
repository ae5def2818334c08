package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Protocol;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.model.route.MeshTCPRouteSpec;
import dev.atrium.core.policy.GatewayPolicies.AttachedRoute;
import dev.atrium.core.policy.GatewayPolicies.HostnameChain;
import dev.atrium.core.policy.GatewayPolicies.ListenerPolicies;
import dev.atrium.core.policy.GatewayPolicies.Port;
import dev.atrium.core.policy.GatewayPolicies.RouteTable;
import dev.atrium.core.policy.GatewayPolicies.VirtualHost;
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
 * Resolves what applies where on a builtin gateway proxy ({@link GatewayPolicies}), as Kuma's
 * pkg/plugins/runtime/gateway does: the MeshGateway with the most specific selector matching the
 * Dataplane's gateway tags; its listeners grouped by port; and on each listener's hostname the routes
 * that attach ({@link GatewayRouteAttachment}) — MeshHTTPRoutes/MeshTCPRoutes replacing the
 * MeshGatewayRoutes of a listener they attach to (the newer kind wins), and Kuma's
 * RedistributeWildcardRoutes: a MeshGatewayRoute with hostnames selected by a listener without
 * hostname gets virtual hosts of its own names (joined with the port's hosts under a {@code *.suffix}).
 */
public final class GatewayPolicyMatcher {
  private GatewayPolicyMatcher() {}

  private static final Set<Protocol> TRANSLATED = Set.of(Protocol.HTTP, Protocol.HTTPS, Protocol.TCP, Protocol.TLS);

  /**
   * The MeshGateway with the most specific selector (most tags) matching a BUILTIN Dataplane's gateway
   * tags; on a tie the first by name.
   */
  public static Optional<Resource> select(MeshSnapshot mesh, Map<String, String> dataplaneTags) {
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

  /** The policies of a builtin gateway Dataplane; empty when no MeshGateway selects it. */
  public static Optional<GatewayPolicies> forDataplane(MeshSnapshot mesh, Resource dataplane) {
    Map<String, String> tags = dataplane.specAs(DataplaneSpec.class).networking().gateway().tags();
    return select(mesh, tags).map(gateway -> forGateway(mesh, gateway, tags));
  }

  /** The policies of {@code gateway} as a Dataplane with gateway tags {@code dataplaneTags} gets them. */
  public static GatewayPolicies forGateway(MeshSnapshot mesh, Resource gateway, Map<String, String> dataplaneTags) {
    MeshGatewaySpec spec = gateway.specAs(MeshGatewaySpec.class);
    List<Listener> all = spec.conf() == null ? List.of() : spec.conf().listeners();
    Map<Integer, List<Integer>> byPort = byPort(all, meshTls(mesh));
    Set<Integer> first = new HashSet<>();
    for (List<Integer> onPort : byPort.values()) {
      Map<String, Integer> byHost = new TreeMap<>(GatewayRouteAttachment.HOST_ORDER);
      for (int i : onPort) byHost.putIfAbsent(all.get(i).effectiveHostname(), i);
      first.addAll(byHost.values());
    }
    Set<Integer> translated = new HashSet<>();
    byPort.values().forEach(translated::addAll);

    List<ListenerPolicies> listeners = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Map<String, String> tags = mergedTags(spec, all.get(i), dataplaneTags);
      listeners.add(new ListenerPolicies(i, all.get(i), tags, translated.contains(i), first.contains(i),
          attached(mesh.all(ResourceKind.MESH_HTTP_ROUTE), gateway.name(), tags),
          attached(mesh.all(ResourceKind.MESH_TCP_ROUTE), gateway.name(), tags),
          mesh.all(ResourceKind.MESH_GATEWAY_ROUTE).stream()
              .filter(r -> GatewayRouteAttachment.selects(r.specAs(MeshGatewayRouteSpec.class).selectors(), tags))
              .toList()));
    }

    List<Port> ports = new ArrayList<>();
    for (List<Integer> indexes : byPort.values()) {
      List<ListenerPolicies> onPort = indexes.stream().map(listeners::get).toList();
      Listener head = onPort.get(0).listener();
      switch (head.protocol()) {
        case HTTP -> ports.add(new Port(head.port(), head.protocol(), onPort, routeTable(onPort), null, null));
        case TCP -> ports.add(new Port(head.port(), head.protocol(), onPort, null, tcpRoutes(mesh, onPort), null));
        default -> {
          List<HostnameChain> chains = new ArrayList<>();
          onPort.stream().filter(ListenerPolicies::firstForHostname)
              .sorted(java.util.Comparator.comparing(ListenerPolicies::hostname, GatewayRouteAttachment.HOST_ORDER))
              .forEach(l -> chains.add(head.protocol() == Protocol.HTTPS
                  ? new HostnameChain(l, routeTable(List.of(l)), null)
                  : new HostnameChain(l, null, tcpRoutes(mesh, List.of(l)))));
          ports.add(new Port(head.port(), head.protocol(), onPort, null, null, chains));
        }
      }
    }
    return new GatewayPolicies(gateway, dataplaneTags, listeners, ports);
  }

  /** A listener's tags for route selection: the Dataplane's gateway tags, then the gateway's, then its own. */
  static Map<String, String> mergedTags(MeshGatewaySpec spec, Listener listener, Map<String, String> dataplaneTags) {
    Map<String, String> tags = new LinkedHashMap<>(dataplaneTags);
    tags.putAll(spec.tags());
    tags.putAll(listener.tags());
    return tags;
  }

  /**
   * Translated listeners' indexes by port, in port order; on a port, the first listener's protocol and
   * cross-mesh-ness win. Cross-mesh (HTTP) listeners only when the mesh has mTLS on ({@code meshTls}):
   * Kuma's "mTLS must be enabled for crossMesh-enabled MeshGateways".
   */
  private static Map<Integer, List<Integer>> byPort(List<Listener> listeners, boolean meshTls) {
    Map<Integer, List<Integer>> byPort = new TreeMap<>();
    for (int i = 0; i < listeners.size(); i++) {
      Listener listener = listeners.get(i);
      if (listener.port() == null || (listener.isCrossMesh() && (!meshTls || listener.protocol() != Protocol.HTTP))
          || !TRANSLATED.contains(listener.protocol())) continue;
      List<Integer> onPort = byPort.computeIfAbsent(listener.port(), p -> new ArrayList<>());
      Listener first = onPort.isEmpty() ? null : listeners.get(onPort.get(0));
      if (first != null && (first.protocol() != listener.protocol() || first.isCrossMesh() != listener.isCrossMesh())) {
        continue;
      }
      onPort.add(i);
    }
    return byPort;
  }

  /** Whether the mesh has mTLS on with a backend it names (what the translator's mesh TLS needs). */
  private static boolean meshTls(MeshSnapshot mesh) {
    MeshSpec spec = mesh.mesh().specAs(MeshSpec.class);
    return spec.mtlsEnabled() && spec.enabledBackend().isPresent();
  }

  private static List<Resource> attached(List<Resource> routes, String gateway, Map<String, String> tags) {
    return routes.stream().filter(r -> GatewayRouteAttachment.attachesMeshRoute(r, gateway, tags)).toList();
  }

  /**
   * The virtual hosts of one route configuration over {@code onPort}'s listeners: per hostname, the
   * MeshHTTPRoutes of its listeners that have some, else the MeshGatewayRoutes whose {@code conf.http}
   * attaches (once per host), then the redistributed wildcard routes.
   */
  private static RouteTable routeTable(List<ListenerPolicies> onPort) {
    Map<String, List<AttachedRoute>> byHost = new LinkedHashMap<>();
    Set<String> attached = new HashSet<>();
    Set<String> newerKind = new HashSet<>();
    for (ListenerPolicies listener : onPort) {
      String host = listener.hostname();
      List<AttachedRoute> routes = byHost.computeIfAbsent(host, h -> new ArrayList<>());
      if (!listener.meshHttpRoutes().isEmpty()) {
        newerKind.add(host);
        listener.meshHttpRoutes().forEach(r -> routes.add(new AttachedRoute(r, applyingTo(r, host))));
        continue;
      }
      for (Resource route : listener.gatewayRoutes()) {
        MeshGatewayRouteSpec spec = route.specAs(MeshGatewayRouteSpec.class);
        if (!GatewayRouteAttachment.attachesHttp(spec, host, listener.tags())) continue;
        if (attached.add(host + "\n" + route.name())) routes.add(new AttachedRoute(route, List.of()));
      }
    }
    if (!newerKind.contains("*")) redistributeWildcardRoutes(onPort, byHost, attached, newerKind);
    List<VirtualHost> hosts = new ArrayList<>();
    byHost.keySet().stream().sorted(GatewayRouteAttachment.HOST_ORDER)
        .forEach(host -> hosts.add(new VirtualHost(host, newerKind.contains(host), byHost.get(host))));
    return new RouteTable(hosts);
  }

  private static void redistributeWildcardRoutes(List<ListenerPolicies> onPort,
      Map<String, List<AttachedRoute>> byHost, Set<String> attached, Set<String> newerKind) {
    List<String> listenerHosts = List.copyOf(byHost.keySet());
    for (ListenerPolicies listener : onPort) {
      if (!listener.hostname().equals("*")) continue;
      for (Resource route : listener.gatewayRoutes()) {
        MeshGatewayRouteSpec spec = route.specAs(MeshGatewayRouteSpec.class);
        if (!GatewayRouteAttachment.redistributes(spec, listener.hostname(), listener.tags())) continue;
        for (String host : GatewayRouteAttachment.redistributionHosts(spec.conf().http().hostnames(), listenerHosts)) {
          if (newerKind.contains(host) || !attached.add(host + "\n" + route.name())) continue;
          byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(new AttachedRoute(route, List.of()));
        }
      }
    }
  }

  /**
   * The TCP routes of {@code onPort}'s listeners: the MeshTCPRoutes of listeners that have some (each
   * once), then every MeshGatewayRoute whose {@code conf.tcp} attaches to one of the others, by name.
   */
  private static List<AttachedRoute> tcpRoutes(MeshSnapshot mesh, List<ListenerPolicies> onPort) {
    List<AttachedRoute> out = new ArrayList<>();
    List<ListenerPolicies> legacy = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ListenerPolicies listener : onPort) {
      if (listener.meshTcpRoutes().isEmpty()) legacy.add(listener);
      for (Resource route : listener.meshTcpRoutes()) {
        if (seen.add(route.name())) out.add(new AttachedRoute(route, toMesh(route)));
      }
    }
    for (Resource route : mesh.all(ResourceKind.MESH_GATEWAY_ROUTE)) {
      MeshGatewayRouteSpec spec = route.specAs(MeshGatewayRouteSpec.class);
      if (legacy.stream().anyMatch(l -> GatewayRouteAttachment.attachesTcp(spec, l.tags()))) {
        out.add(new AttachedRoute(route, List.of()));
      }
    }
    return out;
  }

  /** The {@code to} entries of a MeshHTTPRoute that apply on {@code host}. */
  static List<Integer> applyingTo(Resource route, String host) {
    List<MeshHTTPRouteSpec.To> to = route.specAs(MeshHTTPRouteSpec.class).to();
    List<Integer> out = new ArrayList<>();
    for (int t = 0; t < to.size(); t++) if (GatewayRouteAttachment.applies(to.get(t), host)) out.add(t);
    return out;
  }

  /** The {@code to} entries of a MeshTCPRoute with {@code kind: Mesh} (the ones a gateway uses). */
  public static List<Integer> toMesh(Resource route) {
    List<MeshTCPRouteSpec.To> to = route.specAs(MeshTCPRouteSpec.class).to();
    List<Integer> out = new ArrayList<>();
    for (int t = 0; t < to.size(); t++) if (GatewayRouteAttachment.targetsMesh(to.get(t).targetRef())) out.add(t);
    return out;
  }
}
