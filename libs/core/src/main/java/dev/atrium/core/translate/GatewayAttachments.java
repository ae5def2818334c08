package dev.atrium.core.translate;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.DataSource;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.translate.GatewayTranslator.TaggedListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decisions a builtin gateway's translation makes, for tools that explain them
 * ({@code dev.atrium.core.status}, {@code atriumctl inspect meshgateway}): which MeshGateway a gateway
 * Dataplane gets, which listeners are translated and with which merged tags, which routes attach to a
 * listener, what a route's rules become, and what Envoy finally gets. Every answer comes from the code
 * {@link GatewayTranslator} runs, so an explanation cannot disagree with the configuration.
 */
public final class GatewayAttachments {
  /** The name of the stand-in Dataplane used when no gateway Dataplane is registered. */
  public static final String STAND_IN_DATAPLANE = "(no gateway Dataplane)";

  private final MeshSnapshot mesh;
  private final Resource gateway;
  private final List<GatewayListener> listeners = new ArrayList<>();
  private final Map<Listener, TaggedListener> translated = new IdentityHashMap<>();
  private final Map<Listener, Boolean> firstForHostname = new IdentityHashMap<>();
  private final GatewayMeshRoutes meshRoutes;
  private final ProxyIrBuilder scratch;
  private final GatewayBackends backends;
  private final ProxyIr envoy;

  /** One listener of the gateway, with the tags routes select it by (Dataplane ∪ gateway ∪ listener tags). */
  public record GatewayListener(int index, Listener listener, Map<String, String> tags) {}

  /**
   * A backend as the translator routes to it: its EDS cluster, the cluster's kuma.io/service, its
   * weight, and how many endpoints Envoy gets for the cluster (the service's ready endpoints, only
   * those of the subset when the backend names one).
   */
  public record Backend(String service, String cluster, int weight, int endpoints) {}

  /**
   * One rule of a route on a listener's hostname: {@code field} names it in the route
   * ({@code conf.http.rules[0]}, {@code to[1].rules[0]}); {@code routes} are what Envoy gets (one per
   * match; none when the translator leaves the rule out); {@code backends} where they forward to.
   */
  public record Rule(String field, List<RouteRuleIr> routes, List<Backend> backends) {}

  private GatewayAttachments(MeshSnapshot mesh, Resource gateway, Resource dataplane) {
    this.mesh = mesh;
    this.gateway = gateway;
    MeshGatewaySpec spec = gateway.specAs(MeshGatewaySpec.class);
    Map<String, String> dataplaneTags = dataplane.specAs(DataplaneSpec.class).networking().gateway().tags();
    List<Listener> all = spec.conf() == null ? List.of() : spec.conf().listeners();
    for (int i = 0; i < all.size(); i++) {
      listeners.add(new GatewayListener(i, all.get(i), GatewayTranslator.mergedTags(spec, all.get(i), dataplaneTags)));
    }
    for (List<TaggedListener> onPort : GatewayTranslator.byPort(spec, dataplaneTags, MeshTls.enabled(mesh)).values()) {
      onPort.forEach(t -> translated.put(t.listener(), t));
      GatewayTranslator.bySpecificity(onPort).forEach(t -> firstForHostname.put(t.listener(), true));
    }
    this.meshRoutes = new GatewayMeshRoutes(mesh, gateway.name());
    this.scratch = new ProxyIrBuilder(mesh.name(), dataplane.name(), ProxyKind.BUILTIN_GATEWAY);
    this.backends = new GatewayBackends(mesh, scratch);
    this.envoy = GatewayTranslator.translate(mesh, dataplane);
  }

  /** The gateway as the registered gateway Dataplane {@code dataplane} gets it. */
  public static GatewayAttachments of(MeshSnapshot mesh, Resource gateway, Resource dataplane) {
    return new GatewayAttachments(mesh, gateway, dataplane);
  }

  /** The gateway as a Dataplane with gateway tags {@code tags} would get it, when none is registered. */
  public static GatewayAttachments withoutDataplane(MeshSnapshot mesh, Resource gateway, Map<String, String> tags) {
    DataplaneSpec spec = new DataplaneSpec(new DataplaneSpec.Networking("0.0.0.0", null, List.of(), List.of(),
        new DataplaneSpec.Gateway(tags, DataplaneSpec.GatewayType.BUILTIN), null, null), null, null);
    return new GatewayAttachments(mesh, gateway,
        new Resource(ResourceKind.DATAPLANE, ResourceMeta.of(mesh.name(), STAND_IN_DATAPLANE), spec));
  }

  /** The MeshGateway a BUILTIN Dataplane with these gateway tags is configured by, as the translator picks it. */
  public static Optional<Resource> gatewayFor(MeshSnapshot mesh, Map<String, String> dataplaneTags) {
    return GatewayTranslator.select(mesh, dataplaneTags);
  }

  /** Whether this is the gateway as a Dataplane would get it ({@link #withoutDataplane}): nothing serves it yet. */
  public boolean standIn() {
    return envoy.dataplane().equals(STAND_IN_DATAPLANE);
  }

  /** Every listener of the gateway, in the MeshGateway's order, translated or not. */
  public List<GatewayListener> listeners() {
    return List.copyOf(listeners);
  }

  /**
   * Whether the translator builds this listener at all: it has a port, an HTTP/HTTPS/TCP/TLS protocol,
   * is not cross-mesh unless the mesh has mTLS on, and its port's first listener has the same protocol.
   */
  public boolean translated(GatewayListener l) {
    return translated.containsKey(l.listener());
  }

  /** On an HTTPS or TLS port: whether this is the listener whose hostname's filter chain is built (the first one). */
  public boolean firstForHostname(GatewayListener l) {
    return firstForHostname.containsKey(l.listener());
  }

  /**
   * Whether Envoy gets this listener: its port's listener is in the translated config and, on an HTTPS
   * or TLS port, it is the first listener of its hostname and that hostname has a filter chain.
   */
  public boolean served(GatewayListener l) {
    if (!translated(l)) return false;
    Listener spec = l.listener();
    String name = ProxyNames.gatewayListener(gateway.name(), spec.protocol().name(), spec.port());
    Optional<ListenerIr> port = envoy.listeners().stream().filter(x -> x.name().equals(name)).findFirst();
    if (port.isEmpty()) return false;
    if (spec.protocol() == MeshGatewaySpec.Protocol.HTTP || spec.protocol() == MeshGatewaySpec.Protocol.TCP) return true;
    return firstForHostname(l)
        && port.get().filterChains().stream().anyMatch(c -> c.serverName().equals(spec.effectiveHostname()));
  }

  /** The MeshHTTPRoutes whose targetRef attaches them to this listener (whatever its protocol), by name. */
  public List<Resource> meshHttpRoutes(GatewayListener l) {
    return meshRoutes.http(tagged(l));
  }

  /** The MeshTCPRoutes whose targetRef attaches them to this listener (whatever its protocol), by name. */
  public List<Resource> meshTcpRoutes(GatewayListener l) {
    return meshRoutes.tcp(tagged(l));
  }

  /** Whether a MeshGatewayRoute's {@code conf.http} attaches to this listener (selectors and hostnames). */
  public static boolean attachesHttp(Resource route, GatewayListener l) {
    return GatewayRouteTable.attachesHttp(route.specAs(MeshGatewayRouteSpec.class), tagged(l));
  }

  /**
   * Whether a MeshGatewayRoute with hostnames is selected by this listener without hostname, and so is
   * served on virtual hosts of its own hostnames (Kuma's RedistributeWildcardRoutes).
   */
  public static boolean redistributes(Resource route, GatewayListener l) {
    return GatewayRouteTable.redistributes(route.specAs(MeshGatewayRouteSpec.class), tagged(l));
  }

  /** Whether a MeshGatewayRoute's {@code conf.tcp} attaches to this listener (selectors). */
  public static boolean attachesTcp(Resource route, GatewayListener l) {
    return GatewayTranslator.attachesTcp(route.specAs(MeshGatewayRouteSpec.class), tagged(l));
  }

  /** Whether one of {@code selectors} matches {@code tags}. */
  public static boolean selects(List<Selector> selectors, Map<String, String> tags) {
    return GatewayTranslator.selects(selectors, tags);
  }

  /** Whether a route's hostname covers a listener's ({@link GatewayRouteTable#hostnamesMatch}). */
  public static boolean hostnamesMatch(String route, String listener) {
    return GatewayRouteTable.hostnamesMatch(route, listener);
  }

  /** Whether a MeshHTTPRoute {@code to} entry applies on the listener of {@code host}. */
  public static boolean applies(MeshHTTPRouteSpec.To to, String host) {
    return GatewayMeshRoutes.applies(to, host);
  }

  /** Whether a route's {@code to} targetRef is {@code kind: Mesh}, the only kind a gateway route uses. */
  public static boolean targetsMesh(MeshHTTPRouteSpec.To to) {
    return GatewayMeshRoutes.toMesh(to.targetRef());
  }

  /** Whether a MeshHTTPRoute or MeshTCPRoute with these labels may configure a gateway (system role). */
  public static boolean isSystemRole(Map<String, String> labels) {
    return GatewayMeshRoutes.isSystemRole(labels);
  }

  /** Whether every certificate of a TLS-terminating listener can be served. */
  public boolean certificatesServable(List<DataSource> sources) {
    return GatewayCertificates.secrets(sources, mesh).isPresent();
  }

  /**
   * The HTTP rules of a MeshGatewayRoute ({@code conf.http}) or MeshHTTPRoute (its {@code to} entries
   * that apply on {@code host}), in the order the translator adds them.
   */
  public List<Rule> httpRules(Resource route, String host) {
    List<Rule> rules = new ArrayList<>();
    if (route.kind() == ResourceKind.MESH_GATEWAY_ROUTE) {
      MeshGatewayRouteSpec.Conf conf = route.specAs(MeshGatewayRouteSpec.class).conf();
      if (conf == null || conf.http() == null) return rules;
      for (int i = 0; i < conf.http().rules().size(); i++) {
        MeshGatewayRouteSpec.HttpRule rule = conf.http().rules().get(i);
        List<RouteRuleIr> routes = GatewayRouteRules.translate(rule, backends);
        List<WeightedCluster> clusters = forwards(routes) ? backends.clusters(rule.backends(), true) : List.of();
        rules.add(new Rule("conf.http.rules[" + i + "]", routes, backends(clusters)));
      }
    } else if (route.kind() == ResourceKind.MESH_HTTP_ROUTE) {
      List<MeshHTTPRouteSpec.To> to = route.specAs(MeshHTTPRouteSpec.class).to();
      for (int t = 0; t < to.size(); t++) {
        if (!applies(to.get(t), host)) continue;
        for (int i = 0; i < to.get(t).rules().size(); i++) {
          MeshHTTPRouteSpec.Rule rule = to.get(t).rules().get(i);
          List<RouteRuleIr> routes = MeshHttpRouteRules.translate(rule, backends);
          List<WeightedCluster> clusters = forwards(routes) && rule.defaultConf() != null
              ? GatewayMeshRoutes.clusters(rule.defaultConf().backendRefs(), true, backends) : List.of();
          rules.add(new Rule("to[" + t + "].rules[" + i + "]", routes, backends(clusters)));
        }
      }
    }
    return rules;
  }

  /** The backends of a MeshTCPRoute, or of a MeshGatewayRoute's {@code conf.tcp}, in order. */
  public List<Backend> tcpBackends(Resource route) {
    List<WeightedCluster> clusters = new ArrayList<>();
    if (route.kind() == ResourceKind.MESH_TCP_ROUTE) {
      clusters.addAll(GatewayMeshRoutes.tcpClusters(route, backends));
    } else if (route.kind() == ResourceKind.MESH_GATEWAY_ROUTE) {
      MeshGatewayRouteSpec.Conf conf = route.specAs(MeshGatewayRouteSpec.class).conf();
      if (conf != null && conf.tcp() != null) {
        conf.tcp().rules().forEach(r -> clusters.addAll(backends.clusters(r.backends(), false)));
      }
    }
    return backends(clusters);
  }

  /** Redirects and direct answers forward nowhere: their backends are not used. */
  private static boolean forwards(List<RouteRuleIr> routes) {
    return !routes.isEmpty() && routes.get(0).redirect() == null && routes.get(0).directResponse() == null;
  }

  private List<Backend> backends(List<WeightedCluster> clusters) {
    ProxyIr built = scratch.build();
    Map<String, String> services = new HashMap<>();
    Map<String, Integer> endpoints = new HashMap<>();
    for (ClusterIr c : built.clusters()) services.put(c.name(), c.service());
    for (EndpointsIr e : built.endpoints()) endpoints.put(e.cluster(), e.endpoints().size());
    return clusters.stream()
        .map(c -> new Backend(services.getOrDefault(c.cluster(), c.cluster()), c.cluster(), c.weight(),
            endpoints.getOrDefault(c.cluster(), 0)))
        .toList();
  }

  private static TaggedListener tagged(GatewayListener l) {
    return new TaggedListener(l.listener(), l.tags());
  }
}
