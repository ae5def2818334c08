package dev.atrium.store.grpc.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.grpc.auth.ZoneWriteCheck.Outcome;
import dev.atrium.store.grpc.auth.ZoneWriteCheck.Refusal;
import dev.atrium.store.grpc.auth.ZoneWriteCheck.Target;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Global's rule for zone control planes' writes: a zone token writes its own zone's resources, nothing else. */
class ZoneWriteCheckTest {
  private static final Map<String, String> FROM_ZONE_1 = Map.of("kuma.io/origin", "zone", "kuma.io/zone", "zone-1");
  private static final Map<String, String> FROM_ZONE_2 = Map.of("kuma.io/origin", "zone", "kuma.io/zone", "zone-2");

  private static Optional<Refusal> write(String tokenZone, Target target) {
    return ZoneWriteCheck.check(tokenZone, true, "write", target);
  }

  @Test
  void aZoneTokenWritesItsOwnZonesCopiesZoneAndInsight() {
    assertThat(write("zone-1", new Target(ResourceKind.DATAPLANE, "default", "dp-1-abc", FROM_ZONE_1))).isEmpty();
    assertThat(write("zone-1", new Target(ResourceKind.MESH_TIMEOUT, "default", "t-abc", FROM_ZONE_1))).isEmpty();
    assertThat(write("zone-1", new Target(ResourceKind.ZONE, null, "zone-1", Map.of()))).isEmpty();
    assertThat(write("zone-1", new Target(ResourceKind.ZONE_INSIGHT, null, "zone-1", Map.of()))).isEmpty();
  }

  @Test
  void anotherZonesResourceIsDeniedNamingBothZones() {
    Refusal refusal = write("zone-1", new Target(ResourceKind.DATAPLANE, "default", "dp-2-abc", FROM_ZONE_2)).orElseThrow();
    assertThat(refusal.outcome()).isEqualTo(Outcome.PERMISSION_DENIED);
    assertThat(refusal.message()).isEqualTo("zone zone-1's token cannot write Dataplane default/dp-2-abc of zone zone-2:"
        + " a zone token writes only resources of its own zone");
    assertThat(ZoneWriteCheck.check("zone-1", true, "delete", new Target(ResourceKind.ZONE_INSIGHT, null, "zone-2", Map.of())))
        .hasValueSatisfying(r -> assertThat(r.message()).contains("cannot delete ZoneInsight zone-2 of zone zone-2"));
  }

  @Test
  void globalsResourcesAndUnlabelledProxiesAreNotAZoneTokens() {
    Refusal mesh = write("zone-1", new Target(ResourceKind.MESH, null, "default", Map.of())).orElseThrow();
    assertThat(mesh.outcome()).isEqualTo(Outcome.PERMISSION_DENIED);
    assertThat(mesh.message()).isEqualTo("zone zone-1's token cannot write Mesh default: it is global's, and a zone token"
        + " writes only resources of its own zone");
    // A copy of global's policy (origin global) is global's even in a zone's mesh.
    assertThat(write("zone-1", new Target(ResourceKind.MESH_TIMEOUT, "default", "t", Map.of("kuma.io/origin", "global"))))
        .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.PERMISSION_DENIED));
    // A Dataplane is always a zone's; one without kuma.io/zone names no zone a token could match.
    assertThat(write("zone-1", new Target(ResourceKind.DATAPLANE, "default", "dp", Map.of())).orElseThrow().message())
        .isEqualTo("zone zone-1's token cannot write Dataplane default/dp: it carries no kuma.io/zone label naming its zone");
  }

  @Test
  void withoutATokenGlobalsOwnServicesWriteGlobalsResourcesButNoZones() {
    assertThat(write(null, new Target(ResourceKind.MESH_TIMEOUT, "default", "t", Map.of()))).isEmpty();
    assertThat(write(null, new Target(ResourceKind.SECRET, "default", "s", Map.of()))).isEmpty();
    Refusal refusal = write(null, new Target(ResourceKind.DATAPLANE, "default", "dp-2-abc", FROM_ZONE_2)).orElseThrow();
    assertThat(refusal.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(refusal.message()).startsWith("cannot write Dataplane default/dp-2-abc (zone zone-2's) without a zone token");
    assertThat(write(null, new Target(ResourceKind.ZONE, null, "zone-2", Map.of())))
        .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.UNAUTHENTICATED));
  }

  @Test
  void allowingZonesWithoutATokenLetsTokenlessCallsThroughButNotAWrongToken() {
    Target zone2 = new Target(ResourceKind.DATAPLANE, "default", "dp-2-abc", FROM_ZONE_2);
    assertThat(ZoneWriteCheck.check(null, false, "write", zone2)).isEmpty();
    assertThat(ZoneWriteCheck.check("zone-1", false, "write", zone2)).isPresent();
  }
}
