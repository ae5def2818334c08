package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.permission.MeshTrafficPermissionSpec;
import dev.atrium.core.model.permission.TrafficPermissionSpec;
import dev.atrium.core.policy.InboundPermissions.Action;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call an inbound: the MeshTrafficPermissions whose top-level targetRef selects it
 * ({@link TargetRefMatcher#selectsInbound}), merged Kuma's way ({@link Specificity}, {@link FromRules});
 * when none selects it, the single best legacy TrafficPermission; when there is none of either,
 * nobody (Kuma since 2.6 creates no allow-all permission).
 */
public final class TrafficPermissions {
  private TrafficPermissions() {}

  public static InboundPermissions forInbound(MeshSnapshot mesh, Resource dataplane, Map<String, String> inboundTags) {
    List<Resource> selecting = TargetedPolicies.forInbound(mesh.all(ResourceKind.MESH_TRAFFIC_PERMISSION),
        p -> spec(p).targetRef(), dataplane, inboundTags);
    if (!selecting.isEmpty()) return fromMeshTrafficPermissions(selecting);
    return bestLegacy(mesh.all(ResourceKind.TRAFFIC_PERMISSION), inboundTags)
        .map(TrafficPermissions::fromLegacy)
        .orElse(InboundPermissions.DENY_ALL);
  }

  /**
   * Whether {@code dataplane} may reach the ExternalService tagged {@code serviceTags}, Kuma's way
   * (permissions.MatchExternalServicesTrafficPermissions), mTLS on or off: the best legacy
   * TrafficPermission whose destinations match the ExternalService's tags must have a source the
   * Dataplane matches (one of its inbounds' tags, or its gateway tags). MeshTrafficPermission does not
   * apply to ExternalServices, and with no TrafficPermission at all nobody reaches them.
   */
  public static boolean allowsExternalService(MeshSnapshot mesh, Resource dataplane, Map<String, String> serviceTags) {
    Optional<Resource> best = bestLegacy(mesh.all(ResourceKind.TRAFFIC_PERMISSION), serviceTags);
    if (best.isEmpty()) return false;
    DataplaneSpec.Networking networking = dataplane.specAs(DataplaneSpec.class).networking();
    if (networking == null) return false;
    List<Map<String, String>> tagSets = new ArrayList<>();
    if (networking.gateway() != null && networking.gateway().tags() != null) tagSets.add(networking.gateway().tags());
    networking.inbound().forEach(in -> tagSets.add(in.tags()));
    return best.get().specAs(TrafficPermissionSpec.class).sources().stream()
        .anyMatch(source -> tagSets.stream().anyMatch(source::matches));
  }

  /** {@code selecting} in merge order. */
  private static InboundPermissions fromMeshTrafficPermissions(List<Resource> selecting) {
    List<FromRules.Entry<Action>> entries = new ArrayList<>();
    for (Resource p : selecting) {
      List<MeshTrafficPermissionSpec.From> from = spec(p).from();
      for (int i = 0; i < from.size(); i++) {
        MeshTrafficPermissionSpec.From f = from.get(i);
        Optional<Map<String, String>> callers = TargetRefMatcher.subset(f.targetRef());
        Action action = f.defaultConf() == null ? null : action(f.defaultConf().action());
        if (callers.isEmpty() || action == null) continue; // the validator refuses both
        entries.add(new FromRules.Entry<>(callers.get(), action,
            new Origin(ResourceKind.MESH_TRAFFIC_PERMISSION, p.name(), "spec.from[" + i + "]")));
      }
    }
    return new InboundPermissions(FromRules.build(entries).stream()
        .map(r -> new InboundPermissions.Rule(r.subset(), r.except(), r.conf(), r.origin()))
        .toList());
  }

  /**
   * The best TrafficPermission for the inbound: the most specific matching destination selector, then
   * the most specific source selector, then the one created last (Kuma's tie-break), then first by name.
   */
  static Optional<Resource> bestLegacy(List<Resource> permissions, Map<String, String> inboundTags) {
    Resource best = null;
    LegacySelectors.Rank bestDestination = LegacySelectors.Rank.NONE;
    LegacySelectors.Rank bestSource = LegacySelectors.Rank.NONE;
    for (Resource p : permissions) {
      TrafficPermissionSpec spec = p.specAs(TrafficPermissionSpec.class);
      Optional<LegacySelectors.Rank> destination = LegacySelectors.bestMatch(spec.destinations(), inboundTags);
      if (destination.isEmpty()) continue;
      LegacySelectors.Rank source = LegacySelectors.best(spec.sources());
      int c = destination.get().compareTo(bestDestination);
      if (c == 0) c = source.compareTo(bestSource);
      if (c == 0 && best != null) c = created(p).compareTo(created(best));
      if (c > 0) {
        best = p;
        bestDestination = destination.get();
        bestSource = source;
      }
    }
    return Optional.ofNullable(best);
  }

  /** One ALLOW per source selector, its {@code *} tags dropped (any value is every caller). */
  private static InboundPermissions fromLegacy(Resource permission) {
    List<Selector> sources = permission.specAs(TrafficPermissionSpec.class).sources();
    List<InboundPermissions.Rule> rules = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Map<String, String> callers = new LinkedHashMap<>(sources.get(i).match());
      callers.values().removeIf("*"::equals);
      rules.add(new InboundPermissions.Rule(callers, List.of(), Action.ALLOW,
          new Origin(ResourceKind.TRAFFIC_PERMISSION, permission.name(), "sources[" + i + "]")));
    }
    rules.sort(Comparator.comparingInt((InboundPermissions.Rule r) -> -r.callers().size()));
    return new InboundPermissions(rules);
  }

  private static Instant created(Resource r) {
    return r.meta().creationTime() == null ? Instant.EPOCH : r.meta().creationTime();
  }

  private static Action action(String action) {
    if (action == null) return null;
    return switch (action) {
      case MeshTrafficPermissionSpec.ALLOW -> Action.ALLOW;
      case MeshTrafficPermissionSpec.DENY -> Action.DENY;
      case MeshTrafficPermissionSpec.ALLOW_WITH_SHADOW_DENY -> Action.ALLOW_WITH_SHADOW_DENY;
      default -> null;
    };
  }

  private static MeshTrafficPermissionSpec spec(Resource r) {
    return r.specAs(MeshTrafficPermissionSpec.class);
  }
}
