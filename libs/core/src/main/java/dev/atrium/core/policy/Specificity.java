package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.route.TargetRef;
import java.util.Comparator;
import java.util.Map;

/**
 * Kuma's order of targetRef policies that select the same proxy (its {@code SortByTargetRef}): less
 * specific first, so that merging them in this order lets the more specific one override. Compared in
 * turn: the top-level targetRef kind (Mesh, Dataplane, MeshSubset, MeshGateway, MeshService,
 * MeshServiceSubset — Kuma 2.14's ranking, where a Dataplane targetRef ranks just above Mesh); between
 * two Dataplane targetRefs, labels before a name and no sectionName before one; between two MeshGateway
 * targetRefs, fewer listener tags first; the policy role (system, producer, consumer, workload-owner);
 * finally the name in REVERSE order, so that of two otherwise equal policies the one first by name is
 * merged last and wins.
 */
public final class Specificity {
  private Specificity() {}

  public static final String MESH = "Mesh";
  public static final String MESH_SUBSET = "MeshSubset";
  public static final String MESH_SERVICE = "MeshService";
  public static final String MESH_SERVICE_SUBSET = "MeshServiceSubset";
  public static final String DATAPLANE = "Dataplane";
  public static final String MESH_GATEWAY = "MeshGateway";

  private static final Map<String, Integer> KIND_ORDER = Map.of(
      MESH, 1, DATAPLANE, 2, MESH_SUBSET, 3, MESH_GATEWAY, 4, MESH_SERVICE, 5,
      "MeshExternalService", 6, "MeshMultiZoneService", 7, MESH_SERVICE_SUBSET, 8, "MeshHTTPRoute", 9);

  private static final Map<String, Integer> ROLE_ORDER = Map.of(
      "system", 1, "producer", 2, "consumer", 3, "workload-owner", 4);

  /** The rank of a targetRef kind (higher = more specific); an absent targetRef is {@code Mesh}. */
  public static int kindRank(TargetRef ref) {
    return KIND_ORDER.getOrDefault(kindOf(ref), 0);
  }

  /** A targetRef's kind, {@code Mesh} when the targetRef is absent (Kuma's default). */
  public static String kindOf(TargetRef ref) {
    return ref == null || ref.kind() == null || ref.kind().isEmpty() ? MESH : ref.kind();
  }

  /** Orders policies by their top-level targetRef, least specific first (the merge order). */
  public static <T> Comparator<T> mergeOrder(java.util.function.Function<T, Resource> resource,
      java.util.function.Function<T, TargetRef> topLevel) {
    return (a, b) -> compare(resource.apply(a), topLevel.apply(a), resource.apply(b), topLevel.apply(b));
  }

  static int compare(Resource r1, TargetRef t1, Resource r2, TargetRef t2) {
    int c = Integer.compare(kindRank(t1), kindRank(t2));
    if (c != 0) return c;
    c = compareDataplaneRefs(t1, t2);
    if (c != 0) return c;
    if (MESH_GATEWAY.equals(kindOf(t1))) {
      c = Integer.compare(t1.tags().size(), t2.tags().size());
      if (c != 0) return c;
    }
    c = Integer.compare(roleRank(r1), roleRank(r2));
    if (c != 0) return c;
    return r2.name().compareTo(r1.name());
  }

  /** Between two Dataplane targetRefs: labels are less specific than a name, no sectionName less than one. */
  private static int compareDataplaneRefs(TargetRef t1, TargetRef t2) {
    if (!DATAPLANE.equals(kindOf(t1)) || !DATAPLANE.equals(kindOf(t2))) return 0;
    boolean name1 = notEmpty(t1.name());
    boolean name2 = notEmpty(t2.name());
    boolean labels1 = !t1.labels().isEmpty();
    boolean labels2 = !t2.labels().isEmpty();
    if (name1 && labels2) return 1;
    if (labels1 && name2) return -1;
    return Boolean.compare(notEmpty(t1.sectionName()), notEmpty(t2.sectionName()));
  }

  /** Kuma's {@code kuma.io/policy-role} label; absent or empty = system. */
  static int roleRank(Resource r) {
    String role = r.meta().labels().get(TargetRefMatcher.POLICY_ROLE_LABEL);
    return ROLE_ORDER.getOrDefault(role == null || role.isEmpty() ? "system" : role, 1);
  }

  static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
