package dev.atrium.core.policy.legacy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.Selector;
import dev.atrium.core.policy.LegacySelectors;
import dev.atrium.core.policy.LegacySelectors.Rank;
import dev.atrium.core.snapshot.KumaTags;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Kuma's choice of one legacy connection policy (HealthCheck, and its kin) for traffic to one service:
 * a policy qualifies when one of its {@code sources} matches one of the proxy's tag sets and one of its
 * {@code destinations} matches {@code kuma.io/service: <service>}; the winner has the highest combined
 * rank (its best source's plus the destination's exact and {@code *} tags), and of equal ranks the most
 * recently created (then the first by name). Small on purpose: a shared legacy framework may replace it.
 */
public final class OutboundPolicySelection {
  private OutboundPolicySelection() {}

  /**
   * @param sourceTags the tag sets the proxy is matched by (a builtin gateway: its listeners' tags)
   */
  public static Optional<Resource> best(List<Resource> policies, Function<Resource, List<Selector>> sources,
      Function<Resource, List<Selector>> destinations, List<Map<String, String>> sourceTags, String service) {
    Map<String, String> destination = Map.of(KumaTags.SERVICE, service);
    Resource winner = null;
    Rank winnerRank = null;
    List<Resource> byName = policies.stream().sorted(Comparator.comparing(Resource::name)).toList();
    for (Resource p : byName) {
      Optional<Rank> source = sourceTags.stream()
          .map(tags -> LegacySelectors.bestMatch(sources.apply(p), tags))
          .flatMap(Optional::stream)
          .max(Comparator.naturalOrder());
      if (source.isEmpty()) continue;
      for (Selector d : destinations.apply(p)) {
        if (!d.matches(destination)) continue;
        Rank dr = LegacySelectors.rank(d);
        Rank combined = new Rank(dr.exact() + source.get().exact(), dr.wildcard() + source.get().wildcard());
        int cmp = winnerRank == null ? 1 : combined.compareTo(winnerRank);
        if (cmp > 0 || (cmp == 0 && created(p).isAfter(created(winner)))) {
          winner = p;
          winnerRank = combined;
        }
      }
    }
    return Optional.ofNullable(winner);
  }

  private static Instant created(Resource r) {
    Instant t = r.meta().creationTime();
    return t == null ? Instant.EPOCH : t;
  }
}
