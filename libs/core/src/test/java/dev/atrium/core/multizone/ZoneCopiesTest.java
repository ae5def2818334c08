package dev.atrium.core.multizone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import org.junit.jupiter.api.Test;

class ZoneCopiesTest {
  private static final Resource WEB_1 = ResourceCodec.decodeAll("""
      type: Dataplane
      mesh: default
      name: web-1
      labels: {kuma.io/zone: zone-1, kuma.io/origin: zone}
      networking:
        address: 10.0.0.1
        inbound:
          - port: 8080
            tags: {kuma.io/service: web, kuma.io/zone: zone-1}
      """).get(0);

  @Test
  void globalsCopyIsHashedOverNameAndZoneAndSaysWhereItCameFrom() {
    Resource copy = ZoneCopies.toGlobal(WEB_1, "zone-1");
    assertThat(copy.name()).isEqualTo(SyncedNames.hashed("default", "web-1", "zone-1"));
    assertThat(copy.meta().labels()).containsEntry("kuma.io/zone", "zone-1").containsEntry("kuma.io/origin", "zone")
        .containsEntry("kuma.io/display-name", "web-1");
    assertThat(copy.spec()).isEqualTo(WEB_1.spec());
    assertThat(ZoneCopies.fromZone(copy, "zone-1")).isTrue();
    assertThat(ZoneCopies.fromZone(copy, "zone-2")).isFalse();
  }

  @Test
  void aKubernetesZonesProxyIsHashedOverItsObjectNameAsKumasGlobalNamesIt() {
    Resource pod = ResourceCodec.decodeAll("""
        type: Dataplane
        mesh: default
        name: web-0.demo
        labels: {kuma.io/display-name: web-0, k8s.kuma.io/namespace: demo, kuma.io/origin: zone}
        networking:
          address: 10.0.0.1
          inbound:
            - port: 8080
              tags: {kuma.io/service: web_demo_svc_80}
        """).get(0);
    Resource copy = ZoneCopies.toGlobal(pod, "zone-1");
    assertThat(copy.name()).isEqualTo(SyncedNames.hashed("default", "web-0", "zone-1", "demo")).startsWith("web-0-");
    assertThat(copy.meta().labels()).containsEntry("kuma.io/display-name", "web-0").containsEntry("k8s.kuma.io/namespace", "demo");
  }

  @Test
  void twoZonesSameNameNeverMeetOnGlobal() {
    assertThat(ZoneCopies.toGlobal(WEB_1, "zone-1").name()).isNotEqualTo(ZoneCopies.toGlobal(WEB_1, "zone-2").name());
    assertThat(ZoneCopies.nameOnGlobal("zone-1", "default", "web-1", java.util.Map.of("k8s.kuma.io/namespace", "shop")))
        .as("a namespace is hashed too").isEqualTo(SyncedNames.hashed("default", "web-1", "zone-1", "shop"));
  }

  @Test
  void aZoneSendsItsProxiesAndWhatItMadeButNotGlobalsCopiesNorOtherZonesIngresses() {
    java.util.function.Function<String, Resource> timeout = origin -> ResourceCodec.decodeAll("""
        type: MeshTimeout
        mesh: default
        name: t
        labels: {kuma.io/origin: %s}
        spec:
          targetRef: {kind: Mesh}
          to:
            - targetRef: {kind: Mesh}
              default: {connectionTimeout: 2s}
        """.formatted(origin)).get(0);
    assertThat(ZoneCopies.sentToGlobal(WEB_1, "zone-1")).isTrue();
    assertThat(ZoneCopies.sentToGlobal(timeout.apply("zone"), "zone-1")).as("made in the zone").isTrue();
    assertThat(ZoneCopies.sentToGlobal(timeout.apply("global"), "zone-1")).as("global's copy").isFalse();
    Resource otherIngress = ResourceCodec.decodeAll("""
        type: ZoneIngress
        name: zi-2-abc
        labels: {kuma.io/origin: zone, kuma.io/zone: zone-2}
        zone: zone-2
        networking: {address: 10.0.2.1, port: 10001}
        """).get(0);
    assertThat(ZoneCopies.sentToGlobal(otherIngress, "zone-1")).isFalse();
    assertThat(ZoneCopies.sentToGlobal(otherIngress, "zone-2")).isTrue();
    assertThat(ZoneCopies.KINDS).contains(ResourceKind.MESH_GATEWAY, ResourceKind.MESH_TIMEOUT, ResourceKind.MESH_HTTP_ROUTE)
        .doesNotContain(ResourceKind.SECRET, ResourceKind.MESH, ResourceKind.MESH_GATEWAY_INSTANCE);
  }
}
