// PLACEHOLDER until the policy stage lands (helper A's TrafficPermissions replaces this file at merge).
package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.permission.MeshTrafficPermissionSpec;
import dev.atrium.core.model.permission.TrafficPermissionSpec;
import dev.atrium.core.model.route.TargetRef;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may call one inbound: the {@code from} entries of the MeshTrafficPermissions selecting it, most
 * specific caller first; else the sources of the best-matching legacy TrafficPermission; else nobody.
 * A simple stand-in so translation can be built and tested before the policy stage.
 */
public final class TrafficPermissions {
  private TrafficPermissions() {}

  public static InboundPermissions forInbound(MeshSnapshot mesh, Resource dataplane, Map<String, String> inboundTags) {
    List<Ranked> ranked = new ArrayList<>();
    for (Resource mtp : mesh.all(ResourceKind.MESH_TRAFFIC_PERMISSION)) {
      MeshTrafficPermissionSpec spec = mtp.specAs(MeshTrafficPermissionSpec.class);
      int target = targetRank(spec.targetRef(), dataplane, inboundTags);
      if (target < 0) continue;
      for (int i = 0; i < spec.from().size(); i++) {
        MeshTrafficPermissionSpec.From from = spec.from().get(i);
        if (from.targetRef() == null || from.defaultConf() == null) continue;
        Map<String, String> callers = callers(from.targetRef());
        if (callers == null) continue;
        ranked.add(new Ranked(callerRank(from.targetRef()), callers.size(), target,
            new InboundPermissions.Rule(callers, List.of(), action(from.defaultConf().action()),
                new Origin(ResourceKind.MESH_TRAFFIC_PERMISSION, mtp.name(), "spec.from[" + i + "]"))));
      }
    }
    if (!ranked.isEmpty()) {
      // Most specific caller first; for the same caller the more specific policy, then the later name.
      ranked.sort(Comparator.comparingInt(Ranked::callerRank).reversed()
          .thenComparing(Comparator.comparingInt(Ranked::tags).reversed())
          .thenComparing(Comparator.comparingInt(Ranked::target).reversed()));
      return new InboundPermissions(ranked.stream().map(Ranked::rule).toList());
    }
    return legacy(mesh, inboundTags);
  }

  private record Ranked(int callerRank, int tags, int target, InboundPermissions.Rule rule) {}

  private static InboundPermissions legacy(MeshSnapshot mesh, Map<String, String> inboundTags) {
    Resource best = null;
    int bestSize = -1;
    for (Resource tp : mesh.all(ResourceKind.TRAFFIC_PERMISSION)) {
      for (Selector destination : tp.specAs(TrafficPermissionSpec.class).destinations()) {
        int size = (int) destination.match().values().stream().filter(v -> !"*".equals(v)).count();
        if (destination.matches(inboundTags) && size > bestSize) {
          best = tp;
          bestSize = size;
        }
      }
    }
    if (best == null) return InboundPermissions.DENY_ALL;
    List<InboundPermissions.Rule> rules = new ArrayList<>();
    List<Selector> sources = best.specAs(TrafficPermissionSpec.class).sources();
    for (int i = 0; i < sources.size(); i++) {
      Map<String, String> callers = new LinkedHashMap<>();
      sources.get(i).match().forEach((k, v) -> {
        if (!"*".equals(v)) callers.put(k, v);
      });
      rules.add(new InboundPermissions.Rule(callers, List.of(), InboundPermissions.Action.ALLOW,
          new Origin(ResourceKind.TRAFFIC_PERMISSION, best.name(), "sources[" + i + "]")));
    }
    return new InboundPermissions(rules);
  }

  /** How specifically the policy's targetRef selects the inbound; -1 when it does not. */
  private static int targetRank(TargetRef ref, Resource dataplane, Map<String, String> tags) {
    if (ref == null || ref.kind() == null || TargetRef.MESH.equals(ref.kind())) return 0;
    String service = tags.get(KumaTags.SERVICE);
    return switch (ref.kind()) {
      case "MeshSubset" -> new Selector(ref.tags()).matches(tags) ? 1 : -1;
      case "MeshService" -> ref.name() != null && ref.name().equals(service) ? 2 : -1;
      case "MeshServiceSubset" -> ref.name() != null && ref.name().equals(service) && new Selector(ref.tags()).matches(tags) ? 3 : -1;
      case "Dataplane" -> ref.name() != null && ref.name().equals(dataplane.name()) ? 4 : -1;
      default -> -1;
    };
  }

  private static int callerRank(TargetRef ref) {
    return switch (ref.kind() == null ? "" : ref.kind()) {
      case "MeshSubset" -> 1;
      case "MeshService" -> 2;
      case "MeshServiceSubset" -> 3;
      default -> 0;
    };
  }

  private static Map<String, String> callers(TargetRef ref) {
    Map<String, String> callers = new LinkedHashMap<>();
    switch (ref.kind() == null ? "" : ref.kind()) {
      case "Mesh" -> { }
      case "MeshSubset" -> callers.putAll(ref.tags());
      case "MeshService" -> callers.put(KumaTags.SERVICE, ref.name());
      case "MeshServiceSubset" -> {
        callers.put(KumaTags.SERVICE, ref.name());
        callers.putAll(ref.tags());
      }
      default -> {
        return null;
      }
    }
    return callers;
  }

  private static InboundPermissions.Action action(String action) {
    if (MeshTrafficPermissionSpec.ALLOW.equals(action)) return InboundPermissions.Action.ALLOW;
    if (MeshTrafficPermissionSpec.ALLOW_WITH_SHADOW_DENY.equals(action)) return InboundPermissions.Action.ALLOW_WITH_SHADOW_DENY;
    return InboundPermissions.Action.DENY;
  }
}
