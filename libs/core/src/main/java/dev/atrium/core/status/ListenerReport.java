package dev.atrium.core.status;

import dev.atrium.core.ir.RouteIr.HeaderMatchIr;
import dev.atrium.core.ir.RouteIr.QueryMatchIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Protocol;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.status.GatewayStatus.AttachedRoute;
import dev.atrium.core.status.GatewayStatus.BackendStatus;
import dev.atrium.core.status.GatewayStatus.ListenerStatus;
import dev.atrium.core.status.GatewayStatus.RouteProblem;
import dev.atrium.core.policy.GatewayPolicies.ListenerPolicies;
import dev.atrium.core.policy.GatewayRouteAttachment;
import dev.atrium.core.translate.GatewayAttachments;
import dev.atrium.core.translate.GatewayAttachments.Backend;
import dev.atrium.core.translate.GatewayAttachments.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One listener's status: served or why not ({@link NotServedReason}), the routes attached to it, and
 * the routes that select or target it but are ignored there, each with its reason:
 * <ul>
 *   <li>the kind is overridden: a MeshHTTPRoute (MeshTCPRoute) attaches to the listener, so its
 *       MeshGatewayRoutes are ignored (Kuma: the newer kind wins);
 *   <li>protocol mismatch: HTTP rules on a TCP/TLS listener, TCP rules on an HTTP/HTTPS one;
 *   <li>hostnames: none of the route's hostnames covers the listener's;
 *   <li>a rule left out (it forwards to no service), or a rule whose match an earlier rule already has:
 *       Envoy tries routes of the same precedence in the translator's order (routes by name, rules in
 *       order), so the earlier one wins.
 * </ul>
 */
final class ListenerReport {
  private final MeshSnapshot mesh;
  private final GatewayAttachments attachments;
  private final ListenerPolicies listener;
  private final String host;
  private final List<AttachedRoute> routes = new ArrayList<>();
  private final List<RouteProblem> rejected = new ArrayList<>();

  private ListenerReport(MeshSnapshot mesh, GatewayAttachments attachments, ListenerPolicies listener) {
    this.mesh = mesh;
    this.attachments = attachments;
    this.listener = listener;
    this.host = listener.listener().effectiveHostname();
  }

  static ListenerStatus of(MeshSnapshot mesh, GatewayAttachments attachments, ListenerPolicies l) {
    ListenerReport report = new ListenerReport(mesh, attachments, l);
    Listener spec = l.listener();
    boolean wouldServe = attachments.served(l);
    boolean served = wouldServe && !attachments.standIn();
    String reason = served ? null
        : wouldServe ? GatewayStatusReport.NO_DATAPLANE : NotServedReason.of(mesh, attachments, l);
    if (l.translated()) {
      if (spec.protocol() == Protocol.HTTP || spec.protocol() == Protocol.HTTPS) report.http(); else report.tcp();
    }
    return new ListenerStatus(spec.port(), spec.protocol() == null ? null : spec.protocol().name(), report.host,
        spec.tags(), l.tags(), served, reason, report.routes, report.rejected);
  }

  private void http() {
    String protocol = listener.listener().protocol().name();
    for (Resource r : listener.meshTcpRoutes()) {
      reject(r, "protocol mismatch: a MeshTCPRoute applies to TCP and TLS listeners, this one is " + protocol);
    }
    List<Resource> newer = listener.meshHttpRoutes();
    List<Attached> active = new ArrayList<>();
    for (Resource r : newer) {
      List<MeshHTTPRouteSpec.To> to = r.specAs(MeshHTTPRouteSpec.class).to().stream()
          .filter(t -> GatewayRouteAttachment.applies(t, host)).toList();
      if (to.isEmpty()) {
        reject(r, noToApplies(r) + ": it adds no route here (and still makes this listener ignore MeshGatewayRoutes)");
        continue;
      }
      List<String> hostnames = new ArrayList<>();
      to.forEach(t -> hostnames.addAll(covering(t.hostnames())));
      active.add(attach(r, hostnames, attachments.httpRules(r, host)));
    }
    for (Resource r : gatewayRoutesSelecting()) {
      MeshGatewayRouteSpec.Conf conf = r.specAs(MeshGatewayRouteSpec.class).conf();
      if (conf == null || conf.http() == null) {
        if (conf != null && conf.tcp() != null) {
          reject(r, "protocol mismatch: it has tcp rules only, this listener is " + protocol);
        }
      } else if (GatewayRouteAttachment.redistributes(spec(r), host, listener.tags()) && newer.isEmpty()) {
        // Kuma's RedistributeWildcardRoutes: served on virtual hosts of its own hostnames.
        active.add(attach(r, conf.http().hostnames(), attachments.httpRules(r, host)));
      } else if (!GatewayRouteAttachment.attachesHttp(spec(r), host, listener.tags()) && !GatewayRouteAttachment.redistributes(spec(r), host, listener.tags())) {
        reject(r, "hostnames " + Words.list(conf.http().hostnames()) + " match none of the listener's hostname " + host);
      } else if (!newer.isEmpty()) {
        reject(r, "ignored: MeshHTTPRoute " + newer.get(0).name() + " attaches to this listener, and the newer kind wins");
      } else {
        active.add(attach(r, covering(conf.http().hostnames()), attachments.httpRules(r, host)));
      }
    }
    conflicts(active);
  }

  private void tcp() {
    String protocol = listener.listener().protocol().name();
    for (Resource r : listener.meshHttpRoutes()) {
      reject(r, "protocol mismatch: a MeshHTTPRoute applies to HTTP and HTTPS listeners, this one is " + protocol);
    }
    List<Resource> newer = listener.meshTcpRoutes();
    List<String> hostnames = listener.listener().protocol() == Protocol.TLS ? List.of(host) : List.of();
    for (Resource r : newer) routes.add(route(r, hostnames, attachments.tcpBackends(r)));
    for (Resource r : gatewayRoutesSelecting()) {
      MeshGatewayRouteSpec.Conf conf = r.specAs(MeshGatewayRouteSpec.class).conf();
      if (conf == null || conf.tcp() == null) {
        if (conf != null && conf.http() != null) {
          reject(r, "protocol mismatch: it has http rules only, this listener is " + protocol);
        }
      } else if (!newer.isEmpty()) {
        reject(r, "ignored: MeshTCPRoute " + newer.get(0).name() + " attaches to this listener, and the newer kind wins");
      } else if (GatewayRouteAttachment.attachesTcp(spec(r), listener.tags())) {
        routes.add(route(r, hostnames, attachments.tcpBackends(r)));
      }
    }
  }

  /** The MeshGatewayRoutes one of whose selectors matches the listener's tags, by name. */
  private List<Resource> gatewayRoutesSelecting() {
    return listener.gatewayRoutes();
  }

  private static MeshGatewayRouteSpec spec(Resource route) {
    return route.specAs(MeshGatewayRouteSpec.class);
  }

  /** An attached HTTP route with its rules, kept for the conflict check. */
  private record Attached(Resource route, List<Rule> rules) {}

  private Attached attach(Resource r, List<String> hostnames, List<Rule> rules) {
    List<Backend> backends = new ArrayList<>();
    for (Rule rule : rules) {
      backends.addAll(rule.backends());
      if (rule.routes().isEmpty()) {
        reject(r, rule.field() + " is left out: it forwards to no service (no backend names one) and redirects nowhere");
      }
    }
    routes.add(route(r, hostnames, backends));
    return new Attached(r, rules);
  }

  private AttachedRoute route(Resource r, List<String> hostnames, List<Backend> backends) {
    List<BackendStatus> out = new LinkedHashSet<>(backends).stream()
        .map(b -> new BackendStatus(b.service(), b.cluster().equals(b.service()) ? null : b.cluster(), b.weight(),
            b.endpoints()))
        .toList();
    return new AttachedRoute(r.kind().typeName(), r.name(), hostnames, out);
  }

  /** The route's hostnames that cover the listener's; the listener's own when the route lists none. */
  private List<String> covering(List<String> hostnames) {
    if (hostnames.isEmpty()) return List.of(host);
    return hostnames.stream().filter(h -> GatewayRouteAttachment.hostnamesMatch(h, host)).toList();
  }

  private String noToApplies(Resource r) {
    List<MeshHTTPRouteSpec.To> to = r.specAs(MeshHTTPRouteSpec.class).to();
    List<MeshHTTPRouteSpec.To> toMesh = to.stream().filter(t -> GatewayRouteAttachment.targetsMesh(t.targetRef())).toList();
    if (toMesh.isEmpty()) return "no to entry with targetRef kind Mesh";
    List<String> hostnames = toMesh.stream().flatMap(t -> t.hostnames().stream()).toList();
    return "to[].hostnames " + Words.list(hostnames) + " match none of the listener's hostname " + host;
  }

  /** One report per pair of rules with an identical match: the later one never gets a request it matches. */
  private void conflicts(List<Attached> active) {
    Map<MatchKey, Origin> seen = new HashMap<>();
    for (Attached a : active) {
      for (Rule rule : a.rules()) {
        Set<Origin> reported = new LinkedHashSet<>();
        for (RouteRuleIr r : rule.routes()) {
          Origin earlier = seen.putIfAbsent(MatchKey.of(r), new Origin(a.route(), rule.field()));
          if (earlier == null || !reported.add(earlier)) continue;
          String winner = earlier.route() == a.route()
              ? "its own " + earlier.field() + ", which comes first and wins"
              : earlier.route().kind().typeName() + " " + earlier.route().name() + " " + earlier.field()
                  + ", which wins: routes are tried by name";
          reject(a.route(), "conflict: " + rule.field() + " (" + Words.match(r) + ") has the same match as " + winner);
        }
      }
    }
  }

  private record Origin(Resource route, String field) {}

  /** What Envoy matches a request on; equal keys are the same match (conditions in any order). */
  private record MatchKey(String prefix, String path, String separated, String regex, Set<HeaderMatchIr> headers,
      Set<QueryMatchIr> query) {
    static MatchKey of(RouteRuleIr r) {
      return new MatchKey(r.pathPrefix(), r.path(), r.pathSeparatedPrefix(), r.pathRegex(),
          Set.copyOf(r.headers()), Set.copyOf(r.queryParameters()));
    }
  }

  private void reject(Resource r, String reason) {
    rejected.add(new RouteProblem(r.kind().typeName(), r.name(), reason));
  }
}
