package dev.atrium.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.timeout.MeshTimeoutSpec.Conf;
import dev.atrium.core.model.timeout.MeshTimeoutSpec.Http;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generic merging every connection policy uses: deep merge in merge order, destinations, callers, origins. */
class PolicyConfsTest {
  private static final Map<String, String> BACKEND = Map.of("kuma.io/service", "backend");
  private static final Map<String, String> WEB = Map.of("kuma.io/service", "web");

  @Test
  void laterEntriesOverrideFieldByFieldAndSayWhoSetWhat() {
    var meshWide = entry(Map.of(), new Conf("2s", "30m", new Http("15s", "10s", null, null, null)), "mesh-wide");
    var backend = entry(BACKEND, new Conf(null, null, new Http("1s", null, null, null, null)), "backend");
    MergedConf<Conf> merged = ToConfs.forDestinations(List.of(meshWide, backend), List.of(BACKEND), Conf.class);

    Conf conf = merged.conf().orElseThrow();
    assertThat(conf.connectionTimeout()).isEqualTo("2s");
    assertThat(conf.http().requestTimeout()).as("the later entry wins").isEqualTo("1s");
    assertThat(conf.http().streamIdleTimeout()).as("an object merges field by field").isEqualTo("10s");
    assertThat(merged.setBy()).containsEntry("http.requestTimeout", origin("backend"))
        .containsEntry("http.streamIdleTimeout", origin("mesh-wide"))
        .containsEntry("connectionTimeout", origin("mesh-wide"));
  }

  @Test
  void anEntryForAnotherServiceDoesNotApply() {
    var backend = entry(BACKEND, new Conf("1s", null, null), "backend");
    assertThat(ToConfs.forDestinations(List.of(backend), List.of(WEB), Conf.class).isEmpty()).isTrue();
    assertThat(ToConfs.forDestinations(List.of(backend), List.of(), Conf.class).isEmpty()).as("no destination").isTrue();
  }

  @Test
  void aRouteSplitOverServicesTakesOnlyEntriesCoveringAllOfThem() {
    var meshWide = entry(Map.of(), new Conf("2s", null, null), "mesh-wide");
    var backend = entry(BACKEND, new Conf("1s", null, null), "backend");
    MergedConf<Conf> merged = ToConfs.forDestinations(List.of(meshWide, backend), List.of(BACKEND, WEB), Conf.class);
    assertThat(merged.conf().orElseThrow().connectionTimeout()).isEqualTo("2s");
  }

  @Test
  void fromWithoutCallerTagsTakesOnlyEveryCallerEntries() {
    var all = entry(Map.of(), new Conf(null, "10m", null), "all");
    var web = entry(WEB, new Conf(null, "1m", null), "web");
    assertThat(FromConfs.forCallers(List.of(all, web), Map.of(), Conf.class).conf().orElseThrow().idleTimeout())
        .isEqualTo("10m");
    assertThat(FromConfs.forCallers(List.of(all, web), WEB, Conf.class).conf().orElseThrow().idleTimeout())
        .isEqualTo("1m");
  }

  @Test
  void goDurationsAreGosFormat() {
    assertThat(GoDuration.parse("1s")).contains(Duration.ofSeconds(1));
    assertThat(GoDuration.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(GoDuration.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5s")).contains(Duration.ofMillis(1500));
    assertThat(GoDuration.parse("-1s")).contains(Duration.ofSeconds(-1));
    assertThat(GoDuration.parse("0")).contains(Duration.ZERO);
    assertThat(GoDuration.parse("1d")).as("no days in Go").isEmpty();
    assertThat(GoDuration.parse("10")).as("a unit is required").isEmpty();
    assertThat(GoDuration.parse("")).isEmpty();
  }

  private static FromRules.Entry<Conf> entry(Map<String, String> subset, Conf conf, String policy) {
    return new FromRules.Entry<>(subset, conf, origin(policy));
  }

  private static Origin origin(String policy) {
    return new Origin(ResourceKind.MESH_TIMEOUT, policy, "spec.to[0]");
  }
}
