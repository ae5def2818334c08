package dev.atrium.core.translate;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.DataSource;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Protocol;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.policy.GatewayPolicies;
import dev.atrium.core.policy.GatewayPolicies.AttachedRoute;
import dev.atrium.core.policy.GatewayPolicies.HostnameChain;
import dev.atrium.core.policy.GatewayPolicies.ListenerPolicies;
import dev.atrium.core.policy.GatewayPolicies.Port;
import dev.atrium.core.policy.GatewayPolicyMatcher;
import dev.atrium.core.policy.GatewayRouteAttachment;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the translation makes of a builtin gateway's resolved policies, for tools that explain it
 * ({@code dev.atrium.core.status}, {@code atriumctl inspect meshgateway}): which listeners Envoy gets,
 * what an attached route's rules become and where they forward. Attachment itself is read from the
 * policy stage ({@link #policies()}); the answers here use the translator's own rule translation,
 * backend resolution and certificate checks, so an explanation cannot disagree with the configuration.
 */
public final class GatewayAttachments {
  /** The name of the stand-in Dataplane used when no gateway Dataplane is registered. */
  public static final String STAND_IN_DATAPLANE = "(no gateway Dataplane)";

  private final MeshSnapshot mesh;
  private final Resource dataplane;
  private final GatewayPolicies policies;
  private final ProxyIrBuilder scratch;
  private final GatewayBackends backends;

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
    this.dataplane = dataplane;
    this.policies = GatewayPolicyMatcher.forGateway(mesh, gateway,
        dataplane.specAs(DataplaneSpec.class).networking().gateway().tags());
    this.scratch = new ProxyIrBuilder(mesh.name(), dataplane.name(), ProxyKind.BUILTIN_GATEWAY);
    this.backends = new GatewayBackends(mesh, dataplane, scratch);
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

  /** The MeshGateway a BUILTIN Dataplane with these gateway tags is configured by ({@link GatewayPolicyMatcher#select}). */
  public static Optional<Resource> gatewayFor(MeshSnapshot mesh, Map<String, String> dataplaneTags) {
    return GatewayPolicyMatcher.select(mesh, dataplaneTags);
  }

  /** The listeners and attached routes, as the policy stage resolved them for this Dataplane. */
  public GatewayPolicies policies() {
    return policies;
  }

  /** Whether this is the gateway as a Dataplane would get it ({@link #withoutDataplane}): nothing serves it yet. */
  public boolean standIn() {
    return dataplane.name().equals(STAND_IN_DATAPLANE);
  }

  /**
   * Whether Envoy gets this listener: the Dataplane has an address, the listener is translated and, on
   * a TCP port, an attached route has a backend; on an HTTPS or TLS port, it is the first listener of
   * its hostname and that hostname's filter chain is built (TLS set up, certificates servable, and for
   * TLS a backend to go to) — the conditions {@link GatewayTranslator} checks.
   */
  public boolean served(ListenerPolicies l) {
    if (!l.translated() || dataplane.specAs(DataplaneSpec.class).networking().address() == null) return false;
    Port port = policies.ports().stream().filter(p -> p.listeners().contains(l)).findFirst().orElseThrow();
    if (port.protocol() == Protocol.HTTP) return true;
    if (port.protocol() == Protocol.TCP) return !GatewayTranslator.tcpClusters(port.tcpRoutes(), backends).isEmpty();
    Optional<HostnameChain> chain = port.chains().stream().filter(c -> c.listener().equals(l)).findFirst();
    if (chain.isEmpty()) return false;
    Listener spec = l.listener();
    boolean terminate = spec.tls() != null && spec.tls().mode() != MeshGatewaySpec.TlsMode.PASSTHROUGH;
    if (spec.tls() == null || (spec.protocol() == Protocol.HTTPS && !terminate)) return false;
    if (terminate && !certificatesServable(spec.tls().certificates())) return false;
    return spec.protocol() == Protocol.HTTPS
        || !GatewayTranslator.tcpClusters(chain.get().tcpRoutes(), backends).isEmpty();
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
        Origin origin = GatewayRouteTable.httpOrigin(route, i);
        List<RouteRuleIr> routes = GatewayRouteRules.translate(rule, backends, origin);
        List<WeightedCluster> clusters = forwards(routes) ? backends.clusters(rule.backends(), true, origin) : List.of();
        rules.add(new Rule("conf.http.rules[" + i + "]", routes, backends(clusters)));
      }
    } else if (route.kind() == ResourceKind.MESH_HTTP_ROUTE) {
      List<MeshHTTPRouteSpec.To> to = route.specAs(MeshHTTPRouteSpec.class).to();
      for (int t = 0; t < to.size(); t++) {
        if (!GatewayRouteAttachment.applies(to.get(t), host)) continue;
        for (int i = 0; i < to.get(t).rules().size(); i++) {
          MeshHTTPRouteSpec.Rule rule = to.get(t).rules().get(i);
          Origin origin = MeshHttpRouteRules.origin(route, t, i);
          List<RouteRuleIr> routes = MeshHttpRouteRules.translate(rule, backends, origin);
          List<WeightedCluster> clusters = forwards(routes) && rule.defaultConf() != null
              ? GatewayMeshRoutes.clusters(rule.defaultConf().backendRefs(), true, backends, origin) : List.of();
          rules.add(new Rule("to[" + t + "].rules[" + i + "]", routes, backends(clusters)));
        }
      }
    }
    return rules;
  }

  /** The backends of a MeshTCPRoute (its {@code to: Mesh} entries), or of a MeshGatewayRoute's {@code conf.tcp}, in order. */
  public List<Backend> tcpBackends(Resource route) {
    List<Integer> to = route.kind() == ResourceKind.MESH_TCP_ROUTE ? GatewayPolicyMatcher.toMesh(route) : List.of();
    return backends(GatewayTranslator.tcpClusters(new AttachedRoute(route, to), backends));
  }

  /** Redirects and direct answers forward nowhere: their backends are not used. */
  private static boolean forwards(List<RouteRuleIr> routes) {
    return !routes.isEmpty() && routes.get(0).redirect() == null && routes.get(0).directResponse() == null;
  }

  private List<Backend> backends(List<WeightedCluster> clusters) {
    ProxyIr built = scratch.build();
    Map<String, String> services = new HashMap<>();
    Map<String, Integer> endpoints = new HashMap<>();
    for (ClusterIr c : built.clusters()) {
      services.put(c.name(), c.service());
      // An ExternalService's cluster holds its one host itself.
      if (c.kind() == ClusterIr.Kind.STRICT_DNS || c.kind() == ClusterIr.Kind.STATIC) endpoints.put(c.name(), 1);
    }
    for (EndpointsIr e : built.endpoints()) endpoints.put(e.cluster(), e.endpoints().size());
    return clusters.stream()
        .map(c -> new Backend(services.getOrDefault(c.cluster(), c.cluster()), c.cluster(), c.weight(),
            endpoints.getOrDefault(c.cluster(), 0)))
        .toList();
  }
}
