package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import java.util.List;
import java.util.Map;

/**
 * Kuma's {@code from} merging for one set of callers: of the policies selecting an inbound
 * ({@link TargetedPolicies#forInbound}) or a builtin gateway's listener, every {@code from} entry whose
 * tag subset the callers carry, in policy order and then entry order, deep-merged ({@link MergedConf}).
 * Where the configuration cannot depend on the caller (an HTTP connection manager's timeouts), pass no
 * caller tags: only entries for every caller ({@code from: Mesh}) then apply. Policies whose effect
 * differs per caller (permissions) use {@link FromRules} instead.
 */
public final class FromConfs {
  private FromConfs() {}

  /** Every {@code from} entry of {@code selecting} (policies of {@code kind}, in merge order), with its origin. */
  public static <S extends dev.atrium.core.model.ResourceSpec, C> List<FromRules.Entry<C>> entries(PolicyKind<S, C> kind, List<Resource> selecting) {
    return ToConfs.entries(kind, selecting, "spec.from", false);
  }

  /** The merged conf for callers carrying {@code callerTags} (empty: what applies to every caller). */
  public static <C> MergedConf<C> forCallers(List<FromRules.Entry<C>> entries, Map<String, String> callerTags,
      Class<C> type) {
    return MergedConf.merge(entries.stream()
        .filter(e -> TargetRefMatcher.tagsMatch(e.subset(), callerTags))
        .toList(), type);
  }
}
