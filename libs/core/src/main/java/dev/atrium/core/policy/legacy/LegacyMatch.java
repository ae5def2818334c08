package dev.atrium.core.policy.legacy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.legacy.LegacyConnectionPolicy;
import dev.atrium.core.policy.LegacySelectors;
import dev.atrium.core.policy.LegacySelectors.Rank;
import dev.atrium.core.snapshot.KumaTags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kuma's choice of ONE legacy connection policy (Timeout, Retry, CircuitBreaker, RateLimit,
 * FaultInjection) for a connection — legacy policies never merge:
 * <ul>
 *   <li>{@link #forDestination}: of the policies with a {@code sources} selector matching one of the
 *       proxy's tag sets (each policy ranked by its best matching source), those with a {@code
 *       destinations} selector matching the destination; the best combined source+destination rank wins
 *       and of equal ranks the one created last (Kuma's SelectConnectionPolicies and the gateway's
 *       matchConnectionPolicy both replace on "created after").</li>
 *   <li>{@link #forSplit}: a builtin-gateway route forwarding to several destinations (Kuma's
 *       BestConnectionPolicyForDestination): each destination's own policy is found first; of those whose
 *       kuma.io/service selector is {@code *} the oldest wins, else the oldest of all — so one service
 *       gives its own policy, several prefer a {@code *} one.</li>
 * </ul>
 * A cluster reaches a single destination and uses {@link #forDestination}, so a split route and one of
 * its clusters may pick different policies, as in Kuma.
 */
public final class LegacyMatch {
  private LegacyMatch() {}

  /** The policy for traffic from a proxy carrying {@code sourceTags} (any of them) to {@code destination}. */
  public static Optional<Resource> forDestination(List<Resource> policies, List<Map<String, String>> sourceTags,
      Map<String, String> destination) {
    Resource best = null;
    Rank bestRank = Rank.NONE;
    for (Resource p : byName(policies)) {
      LegacyConnectionPolicy spec = (LegacyConnectionPolicy) p.spec();
      Optional<Rank> source = sourceTags.stream()
          .map(tags -> LegacySelectors.bestMatch(spec.sources(), tags))
          .flatMap(Optional::stream)
          .max(Comparator.naturalOrder());
      if (source.isEmpty()) continue;
      for (Selector d : spec.destinations()) {
        if (!d.matches(destination)) continue;
        Rank rank = combined(LegacySelectors.rank(d), source.get());
        int c = rank.compareTo(bestRank);
        if (best == null || c > 0 || (c == 0 && created(p).isAfter(created(best)))) {
          best = p;
          bestRank = rank;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** The one policy for a route forwarding to every one of {@code destinations} (see the class comment). */
  public static Optional<Resource> forSplit(List<Resource> policies, List<Map<String, String>> sourceTags,
      List<Map<String, String>> destinations) {
    Set<String> seen = new LinkedHashSet<>();
    List<Resource> wildcard = new ArrayList<>();
    List<Resource> all = new ArrayList<>();
    for (Map<String, String> d : destinations) {
      Optional<Resource> own = forDestination(policies, sourceTags, d);
      if (own.isEmpty() || !seen.add(own.get().name())) continue;
      for (Selector s : ((LegacyConnectionPolicy) own.get().spec()).destinations()) {
        String service = s.match().get(KumaTags.SERVICE);
        if ("*".equals(service)) wildcard.add(own.get());
        else if (service != null && service.equals(d.get(KumaTags.SERVICE))) all.add(own.get());
      }
    }
    List<Resource> candidates = wildcard.isEmpty() ? all : wildcard;
    return candidates.stream().min(Comparator.comparing(LegacyMatch::created).thenComparing(Resource::name));
  }

  private static Rank combined(Rank a, Rank b) {
    return new Rank(a.exact() + b.exact(), a.wildcard() + b.wildcard());
  }

  private static Instant created(Resource r) {
    return r.meta().creationTime() == null ? Instant.EPOCH : r.meta().creationTime();
  }

  /** Kuma sorts by name first so that equal ranks and times give the same answer every time. */
  private static List<Resource> byName(List<Resource> policies) {
    return policies.stream().sorted(Comparator.comparing(Resource::name)).toList();
  }
}
