package dev.atrium.core.policy.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceMeta;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kuma's choice of one legacy TrafficLog per destination: best combined rank, then the newest. */
class TrafficLogPluginTest {
  private static final List<Map<String, String>> WEB = List.of(Map.of("kuma.io/service", "web", "version", "v1"));

  @Test
  void theMostSpecificSourceAndDestinationWin() {
    Resource any = log("any", "'*'", "'*'", null);
    Resource fromWeb = log("from-web", "web", "'*'", null);
    Resource toDb = log("to-db", "web", "db", null);
    assertThat(TrafficLogPlugin.best(List.of(any, fromWeb, toDb), WEB, "db")).map(Resource::name).contains("to-db");
    assertThat(TrafficLogPlugin.best(List.of(any, fromWeb, toDb), WEB, "api")).map(Resource::name).contains("from-web");
    assertThat(TrafficLogPlugin.best(List.of(toDb), WEB, "api")).as("no destination matches").isEmpty();
    assertThat(TrafficLogPlugin.best(List.of(log("from-api", "api", "'*'", null)), WEB, "db")).as("no source matches").isEmpty();
  }

  @Test
  void onATieTheNewestWinsAndOnlyWildcardDestinationsReachThePassThroughService() {
    Resource older = log("a-older", "web", "'*'", "2024-01-01T00:00:00Z");
    Resource newer = log("b-newer", "web", "'*'", "2025-01-01T00:00:00Z");
    assertThat(TrafficLogPlugin.best(List.of(newer, older), WEB, TrafficLogPlugin.PASS_THROUGH)).map(Resource::name)
        .contains("b-newer");
    assertThat(TrafficLogPlugin.best(List.of(log("to-db", "web", "db", null)), WEB, TrafficLogPlugin.PASS_THROUGH)).isEmpty();
  }

  private static Resource log(String name, String source, String destination, String created) {
    Resource decoded = ResourceCodec.decode("""
        type: TrafficLog
        mesh: default
        name: %s
        sources:
          - match: {kuma.io/service: %s}
        destinations:
          - match: {kuma.io/service: %s}
        """.formatted(name, source, destination));
    if (created == null) return decoded;
    ResourceMeta m = decoded.meta();
    return new Resource(decoded.kind(), new ResourceMeta(m.mesh(), m.name(), m.labels(), Instant.parse(created), null, 0),
        decoded.spec());
  }
}
