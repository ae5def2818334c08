package dev.atrium.core.policy.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.legacy.TimeoutSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Kuma's legacy connection-policy choice: ranks, ties, and the split-route rule of the builtin gateway. */
class LegacyMatchTest {
  private static final List<Map<String, String>> EDGE = List.of(Map.of("kuma.io/service", "edge", "port", "8080"));
  private static final Map<String, String> WEB = Map.of("kuma.io/service", "web");
  private static final Map<String, String> API = Map.of("kuma.io/service", "api");

  @Test
  void theMoreSpecificSourcePlusDestinationWins() {
    Resource wildcard = timeout("wildcard", "2026-03-01", Map.of("kuma.io/service", "*"), "*");
    Resource specific = timeout("specific", "2026-01-01", Map.of("kuma.io/service", "edge"), "web");
    assertThat(name(LegacyMatch.forDestination(List.of(wildcard, specific), EDGE, WEB))).isEqualTo("specific");
    assertThat(name(LegacyMatch.forDestination(List.of(wildcard, specific), EDGE, API))).isEqualTo("wildcard");
  }

  @Test
  void ofEqualRanksTheOneCreatedLastWins() {
    Resource older = timeout("a-older", "2026-01-01", Map.of("kuma.io/service", "edge"), "web");
    Resource newer = timeout("b-newer", "2026-02-01", Map.of("kuma.io/service", "edge"), "web");
    assertThat(name(LegacyMatch.forDestination(List.of(newer, older), EDGE, WEB))).isEqualTo("b-newer");
  }

  @Test
  void sourcesMustMatchOneOfTheProxysTagSets() {
    Resource otherListener = timeout("other", "2026-01-01", Map.of("kuma.io/service", "edge", "port", "9090"), "*");
    assertThat(LegacyMatch.forDestination(List.of(otherListener), EDGE, WEB)).isEmpty();
    assertThat(LegacyMatch.forSplit(List.of(otherListener), EDGE, List.of(WEB, API))).isEmpty();
  }

  @Test
  void aSplitOverSeveralServicesPrefersTheWildcardDestination() {
    Resource specific = timeout("specific", "2025-01-01", Map.of("kuma.io/service", "edge"), "web");
    Resource wildcard = timeout("wildcard", "2026-01-01", Map.of("kuma.io/service", "*"), "*");
    assertThat(name(LegacyMatch.forSplit(List.of(specific, wildcard), EDGE, List.of(WEB, API)))).isEqualTo("wildcard");
    assertThat(name(LegacyMatch.forSplit(List.of(specific, wildcard), EDGE, List.of(WEB))))
        .as("one service: its own policy").isEqualTo("specific");
  }

  @Test
  void withoutAWildcardTheOldestOfTheBackendsOwnPoliciesWins() {
    Resource forApi = timeout("for-api", "2026-02-01", Map.of("kuma.io/service", "edge"), "api");
    Resource forWeb = timeout("for-web", "2026-01-01", Map.of("kuma.io/service", "edge"), "web");
    assertThat(name(LegacyMatch.forSplit(List.of(forApi, forWeb), EDGE, List.of(WEB, API)))).isEqualTo("for-web");
  }

  private static String name(Optional<Resource> r) {
    return r.map(Resource::name).orElse("none");
  }

  private static Resource timeout(String name, String created, Map<String, String> source, String destination) {
    TimeoutSpec spec = new TimeoutSpec(List.of(new Selector(source)),
        List.of(new Selector(Map.of("kuma.io/service", destination))), new TimeoutSpec.Conf("1s", null, null, null));
    ResourceMeta meta = new ResourceMeta("default", name, Map.of(), Instant.parse(created + "T00:00:00Z"), null, 1);
    return new Resource(ResourceKind.TIMEOUT, meta, spec);
  }
}
