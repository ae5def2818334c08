package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.model.route.MeshTCPRouteSpec;
import dev.atrium.core.model.route.TargetRef;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules by which a route attaches to a builtin gateway's listener — the only place they are
 * written: {@link GatewayPolicyMatcher} applies them to build {@link GatewayPolicies}, and the status
 * report asks them why a route did not attach.
 * <ul>
 *   <li>MeshGatewayRoute: one of its selectors matches the listener's merged tags; {@code conf.http}
 *       attaches to HTTP/HTTPS listeners when it lists no hostnames or one covers the listener's,
 *       {@code conf.tcp} to TCP/TLS listeners.
 *   <li>MeshHTTPRoute / MeshTCPRoute: a system-role route whose top-level targetRef is
 *       {@code kind: MeshGateway} with the gateway's name and whose tags all equal the listener's
 *       ({@link TargetRefMatcher#selectsGatewayListener}); hostnames do not decide attachment, they
 *       decide which {@code to} entries apply ({@link #applies}).
 * </ul>
 */
public final class GatewayRouteAttachment {
  private GatewayRouteAttachment() {}

  /** Whether one of {@code selectors} matches {@code tags}. */
  public static boolean selects(List<Selector> selectors, Map<String, String> tags) {
    return selectors.stream().anyMatch(s -> s.matches(tags));
  }

  /** Whether a MeshGatewayRoute's {@code conf.http} attaches to a listener (selectors and hostnames). */
  public static boolean attachesHttp(MeshGatewayRouteSpec spec, String listenerHost, Map<String, String> listenerTags) {
    if (spec.conf() == null || spec.conf().http() == null) return false;
    if (!selects(spec.selectors(), listenerTags)) return false;
    List<String> hostnames = spec.conf().http().hostnames();
    return hostnames.isEmpty() || hostnames.stream().anyMatch(h -> hostnamesMatch(h, listenerHost));
  }

  /**
   * Whether a MeshGatewayRoute selected by a listener without hostname ({@code *}) lists hostnames, and
   * so goes to virtual hosts of those names instead of {@code *} (Kuma's RedistributeWildcardRoutes).
   */
  public static boolean redistributes(MeshGatewayRouteSpec spec, String listenerHost, Map<String, String> listenerTags) {
    if (spec.conf() == null || spec.conf().http() == null) return false;
    if (!listenerHost.equals("*")) return false;
    List<String> hostnames = spec.conf().http().hostnames();
    return !hostnames.isEmpty() && !hostnames.contains("*") && selects(spec.selectors(), listenerTags);
  }

  /** Whether a MeshGatewayRoute's {@code conf.tcp} attaches to a TCP or TLS listener (selectors). */
  public static boolean attachesTcp(MeshGatewayRouteSpec spec, Map<String, String> listenerTags) {
    return spec.conf() != null && spec.conf().tcp() != null && selects(spec.selectors(), listenerTags);
  }

  /** Whether a MeshHTTPRoute or MeshTCPRoute attaches to the listener of {@code gateway} with these tags. */
  public static boolean attachesMeshRoute(Resource route, String gateway, Map<String, String> listenerTags) {
    return TargetRefMatcher.isSystemRole(route.meta().labels())
        && TargetRefMatcher.selectsGatewayListener(topLevel(route), gateway, listenerTags);
  }

  /** A MeshHTTPRoute's or MeshTCPRoute's top-level targetRef (null for other kinds). */
  public static TargetRef topLevel(Resource route) {
    return switch (route.kind()) {
      case MESH_HTTP_ROUTE -> route.specAs(MeshHTTPRouteSpec.class).targetRef();
      case MESH_TCP_ROUTE -> route.specAs(MeshTCPRouteSpec.class).targetRef();
      default -> null;
    };
  }

  /**
   * Whether a MeshHTTPRoute's {@code to} entry applies on the listener of {@code host}: it targets
   * {@code kind: Mesh} and lists no hostnames, or one that covers the listener's.
   */
  public static boolean applies(MeshHTTPRouteSpec.To to, String host) {
    if (!targetsMesh(to.targetRef())) return false;
    return to.hostnames().isEmpty() || to.hostnames().stream().anyMatch(h -> hostnamesMatch(h, host));
  }

  /** Whether a route's {@code to} targetRef is {@code kind: Mesh}, the only kind a gateway route uses. */
  public static boolean targetsMesh(TargetRef to) {
    return to != null && TargetRef.MESH.equals(to.kind());
  }

  /** Exact names first (by name), then wildcards {@code *.suffix} longer first, then {@code *}. */
  public static final Comparator<String> HOST_ORDER = Comparator
      .comparingInt((String h) -> h.equals("*") ? 2 : h.startsWith("*.") ? 1 : 0)
      .thenComparing(Comparator.comparingInt(String::length).reversed())
      .thenComparing(Comparator.naturalOrder());

  /**
   * Whether a route's hostname covers every name of a listener's: {@code *}, the same name (ignoring
   * case), or a {@code *.suffix} wildcard the listener's name (or narrower wildcard) falls under.
   */
  public static boolean hostnamesMatch(String route, String listener) {
    String r = route.toLowerCase();
    String l = listener.toLowerCase();
    if (r.equals("*") || r.equals(l)) return true;
    return r.startsWith("*.") && !l.equals("*") && l.endsWith(r.substring(1));
  }

  /** Each route hostname, and for a {@code *.suffix} one every listener host of the port under it. */
  static Set<String> redistributionHosts(List<String> routeHostnames, List<String> listenerHosts) {
    Set<String> hosts = new LinkedHashSet<>();
    for (String name : routeHostnames) {
      String n = name.toLowerCase();
      hosts.add(n);
      if (n.startsWith("*.")) {
        listenerHosts.stream().filter(h -> !h.equals("*") && hostnamesMatch(n, h)).forEach(hosts::add);
      }
    }
    return hosts;
  }
}
