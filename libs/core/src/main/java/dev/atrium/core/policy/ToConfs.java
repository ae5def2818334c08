package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kuma's {@code to} merging for one destination: of the policies selecting a proxy (in merge order,
 * {@link TargetedPolicies#forProxy}), every {@code to} entry whose tag subset the destination carries
 * — Mesh every destination, MeshService one {@code kuma.io/service} — in policy order and then entry
 * order, deep-merged ({@link MergedConf}). This is Kuma's rule for destinations named by tags (its
 * legacy BuildToRules); real MeshService resources are not modelled yet. Entries naming kinds that are
 * no tag subset (MeshExternalService, MeshHTTPRoute…) match no destination here.
 */
public final class ToConfs {
  private ToConfs() {}

  /** Every {@code to} entry of {@code selecting} (policies of {@code kind}, in merge order), with its origin. */
  public static <S extends dev.atrium.core.model.ResourceSpec, C> List<FromRules.Entry<C>> entries(PolicyKind<S, C> kind, List<Resource> selecting) {
    return entries(kind, selecting, "spec.to", true);
  }

  static <S extends dev.atrium.core.model.ResourceSpec, C> List<FromRules.Entry<C>> entries(PolicyKind<S, C> kind, List<Resource> selecting, String section,
      boolean to) {
    List<FromRules.Entry<C>> out = new ArrayList<>();
    for (Resource p : selecting) {
      S spec = kind.spec(p);
      List<PolicyKind.Targeted<C>> list = to ? kind.to().apply(spec) : kind.from().apply(spec);
      for (int i = 0; i < list.size(); i++) {
        PolicyKind.Targeted<C> t = list.get(i);
        Optional<Map<String, String>> subset = TargetRefMatcher.subset(t.targetRef());
        if (subset.isEmpty() || t.conf() == null) continue;
        out.add(new FromRules.Entry<>(subset.get(), t.conf(), new Origin(kind.kind(), p.name(), section + "[" + i + "]")));
      }
    }
    return out;
  }

  /**
   * The merged conf for traffic to {@code destinations} (the tags of each service a route or cluster
   * sends to; a route split over several services takes only the entries that cover all of them).
   */
  public static <C> MergedConf<C> forDestinations(List<FromRules.Entry<C>> entries,
      List<Map<String, String>> destinations, Class<C> type) {
    if (destinations.isEmpty()) return MergedConf.none();
    List<FromRules.Entry<C>> applying = entries.stream()
        .filter(e -> destinations.stream().allMatch(d -> TargetRefMatcher.tagsMatch(e.subset(), d)))
        .toList();
    return MergedConf.merge(applying, type);
  }
}
