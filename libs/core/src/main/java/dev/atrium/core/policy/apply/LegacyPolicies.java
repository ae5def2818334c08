package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.policy.legacy.LegacyMatch;
import dev.atrium.core.snapshot.KumaTags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the legacy plugins find their one policy ({@link LegacyMatch}). A sidecar's or delegated
 * gateway's outbound route takes the policy for the outbound's service; a builtin gateway's route the
 * one for all its backends together (split routes prefer a {@code *} destination); a cluster the one for
 * its single service. Precedence over the Mesh* kinds is the plugins' order in {@link
 * ConnectionPolicies#PLUGINS}: a legacy plugin runs after its Mesh* plugin and leaves an element alone
 * when that one already set its record — where Kuma's Mesh* plugins run after the legacy generators and
 * overwrite what they configured.
 */
final class LegacyPolicies {
  private LegacyPolicies() {}

  static Optional<Resource> forRoute(ProxyPolicyContext ctx, ResourceKind kind, ListenerIr listener, RouteRuleIr route) {
    if (!ProxyPolicyContext.forwardsToMesh(listener)) return Optional.empty();
    List<Resource> all = ctx.all(kind);
    List<Map<String, String>> sources = ctx.legacySources(listener);
    if (listener.direction() == ListenerIr.Direction.OUTBOUND && listener.service() != null) {
      return LegacyMatch.forDestination(all, sources, Map.of(KumaTags.SERVICE, listener.service()));
    }
    List<Map<String, String>> destinations = ctx.destinations(route);
    return destinations.isEmpty() ? Optional.empty() : LegacyMatch.forSplit(all, sources, destinations);
  }

  /** For a TCP outbound or gateway listener: its clusters' services together, like a split route. */
  static Optional<Resource> forListener(ProxyPolicyContext ctx, ResourceKind kind, ListenerIr listener,
      List<Map<String, String>> destinations) {
    if (!ProxyPolicyContext.forwardsToMesh(listener) || destinations.isEmpty()) return Optional.empty();
    return LegacyMatch.forSplit(ctx.all(kind), ctx.legacySources(listener), destinations);
  }

  static Optional<Resource> forCluster(ProxyPolicyContext ctx, ResourceKind kind, ClusterIr cluster) {
    List<Map<String, String>> destinations = ctx.destinations(cluster);
    if (destinations.size() != 1) return Optional.empty();
    return LegacyMatch.forDestination(ctx.all(kind), ctx.legacySources(), destinations.get(0));
  }

  /** "Timeout/gw-timeout conf": the whole conf of one legacy policy sets each field it has. */
  static Origin origin(Resource policy) {
    return new Origin(policy.kind(), policy.name(), "conf");
  }

  static Duration duration(String text) {
    return text == null ? null : GoDuration.parse(text).orElse(null);
  }
}
