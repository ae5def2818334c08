package dev.atrium.core.policy;

import dev.atrium.core.model.Collect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kuma's {@code from} merging as first-match rules. Input: the {@code from} entries of every policy
 * that selects the inbound, in merge order ({@link Specificity}: less specific policies first, entries
 * in their order). Kuma gives a caller the configuration of the LAST entry whose tag subset it carries
 * (a later policy overrides an earlier one for those callers, whatever the entries' own kinds: a broad
 * Allow in a more specific policy shadows a narrow Deny in a broader one, kumahq/kuma#16873).
 *
 * <p>Output: rules most specific first (more tags first; on a tie, later entries first), each with the
 * tag sets it leaves to a later-placed rule that a later entry configures differently ({@code except}),
 * so that the first rule a caller matches gives exactly Kuma's answer. A rule whose callers are all
 * taken by such a later entry is dropped; an entry repeated with the same subset keeps only its last
 * configuration. Generic in the configuration so every {@code from} policy can use it, and every
 * {@code to} policy too: Kuma merges {@code to} entries over destination tag subsets the same way.
 */
public final class FromRules {
  private FromRules() {}

  /** One {@code from} entry: the callers' tags (empty = every caller), its configuration and origin. */
  public record Entry<C>(Map<String, String> subset, C conf, Origin origin) {
    public Entry {
      subset = Collect.map(subset);
      Objects.requireNonNull(conf, "conf");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** A resolved rule: callers carrying {@code subset} and none of the {@code except} sets get {@code conf}. */
  public record Rule<C>(Map<String, String> subset, List<Map<String, String>> except, C conf, Origin origin) {}

  public static <C> List<Rule<C>> build(List<Entry<C>> mergeOrder) {
    // The last entry of a subset wins over every earlier one of the same subset.
    List<Entry<C>> entries = new ArrayList<>();
    for (Entry<C> e : mergeOrder) {
      entries.removeIf(x -> x.subset().equals(e.subset()));
      entries.add(e);
    }
    List<Integer> placed = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) placed.add(i);
    // Equally specific entries: the later first, as it overrides the earlier where they overlap (no except set needed).
    placed.sort(Comparator.comparingInt((Integer i) -> -entries.get(i).subset().size())
        .thenComparing(Comparator.reverseOrder()));

    List<Rule<C>> rules = new ArrayList<>();
    for (int p = 0; p < placed.size(); p++) {
      Entry<C> rule = entries.get(placed.get(p));
      List<Map<String, String>> except = new ArrayList<>();
      boolean shadowed = false;
      for (int q = p + 1; q < placed.size(); q++) {
        int later = placed.get(q);
        if (later < placed.get(p) || entries.get(later).conf().equals(rule.conf())) continue;
        Map<String, String> both = union(rule.subset(), entries.get(later).subset());
        if (both == null) continue; // no caller carries both
        if (both.equals(rule.subset())) {
          shadowed = true;
          break;
        }
        if (!except.contains(both)) except.add(both);
      }
      if (!shadowed) rules.add(new Rule<>(rule.subset(), List.copyOf(except), rule.conf(), rule.origin()));
    }
    return rules;
  }

  /** The tags a caller carrying both subsets carries; null when they disagree on a tag's value. */
  private static Map<String, String> union(Map<String, String> a, Map<String, String> b) {
    java.util.TreeMap<String, String> out = new java.util.TreeMap<>(a);
    for (var e : b.entrySet()) {
      String mine = out.putIfAbsent(e.getKey(), e.getValue());
      if (mine != null && !mine.equals(e.getValue())) return null;
    }
    return out;
  }
}
