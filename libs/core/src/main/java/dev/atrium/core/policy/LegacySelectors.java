package dev.atrium.core.policy;

import dev.atrium.core.model.Selector;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kuma's matching of legacy {@code sources}/{@code destinations} policies (TrafficPermission and its
 * kin): a selector matches when every tag is present with its value ({@code *}: any value); of several
 * matching selectors the best has more exact values, then more {@code *} tags (Kuma's TagSelectorRank).
 */
public final class LegacySelectors {
  private LegacySelectors() {}

  /** A selector's rank: exact values, then wildcard tags; higher is more specific. */
  public record Rank(int exact, int wildcard) implements Comparable<Rank> {
    public static final Rank NONE = new Rank(-1, -1);

    @Override
    public int compareTo(Rank o) {
      return Comparator.comparingInt(Rank::exact).thenComparingInt(Rank::wildcard).compare(this, o);
    }
  }

  public static Rank rank(Selector selector) {
    int wildcard = (int) selector.match().values().stream().filter("*"::equals).count();
    return new Rank(selector.match().size() - wildcard, wildcard);
  }

  /** The rank of the best of {@code selectors} matching {@code tags}; empty when none does. */
  public static Optional<Rank> bestMatch(List<Selector> selectors, Map<String, String> tags) {
    return selectors.stream().filter(s -> s.matches(tags)).map(LegacySelectors::rank).max(Comparator.naturalOrder());
  }

  /** The best rank of any of {@code selectors}, matching or not (a source is matched by callers later). */
  public static Rank best(List<Selector> selectors) {
    return selectors.stream().map(LegacySelectors::rank).max(Comparator.naturalOrder()).orElse(Rank.NONE);
  }
}
