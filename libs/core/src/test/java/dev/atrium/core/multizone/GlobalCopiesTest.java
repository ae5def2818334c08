package dev.atrium.core.multizone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import org.junit.jupiter.api.Test;

class GlobalCopiesTest {

  private static Resource yaml(String text) {
    return ResourceCodec.decodeAll(text).get(0);
  }

  private static final String WEB_TIMEOUT = """
      type: MeshTimeout
      mesh: default
      name: web-timeout
      spec:
        targetRef: {kind: Mesh}
        to:
          - targetRef: {kind: Mesh}
            default: {connectionTimeout: 2s}
      """;

  @Test
  void aPolicyTakesKumasHashedNameWithItsOriginalAsDisplayName() {
    Resource copy = GlobalCopies.toZone(yaml(WEB_TIMEOUT));
    assertThat(copy.name()).isEqualTo(SyncedNames.hashed("default", "web-timeout")).startsWith("web-timeout-").hasSize(28);
    assertThat(copy.meta().labels()).containsEntry("kuma.io/origin", "global").containsEntry("kuma.io/display-name", "web-timeout");
    assertThat(copy.spec()).isEqualTo(yaml(WEB_TIMEOUT).spec());
  }

  @Test
  void meshesAndSecretsKeepTheirNames() {
    assertThat(GlobalCopies.toZone(yaml("type: Mesh\nname: default\n")).name()).isEqualTo("default");
    Resource secret = GlobalCopies.toZone(yaml("type: Secret\nmesh: default\nname: default.ca-builtin-cert-ca-1\ndata: YWJj\n"));
    assertThat(secret.name()).isEqualTo("default.ca-builtin-cert-ca-1");
    assertThat(secret.meta().labels()).containsEntry("kuma.io/origin", "global").doesNotContainKey("kuma.io/display-name");
  }

  @Test
  void zonesFollowWhatGlobalProvidesButNotWhatAZoneMadeNorGlobalSecrets() {
    assertThat(GlobalCopies.KINDS).startsWith(ResourceKind.MESH, ResourceKind.SECRET)
        .contains(ResourceKind.MESH_GATEWAY_ROUTE, ResourceKind.MESH_TIMEOUT, ResourceKind.TIMEOUT, ResourceKind.MESH_GATEWAY)
        .doesNotContain(ResourceKind.DATAPLANE, ResourceKind.DATAPLANE_INSIGHT, ResourceKind.MESH_GATEWAY_INSTANCE,
            ResourceKind.GLOBAL_SECRET, ResourceKind.ZONE, ResourceKind.ZONE_INSIGHT);
    Resource fromZone = yaml("""
        type: MeshRetry
        mesh: default
        name: r
        labels: {kuma.io/origin: zone, kuma.io/zone: zone-1}
        spec:
          targetRef: {kind: Mesh}
          to:
            - targetRef: {kind: Mesh}
              default: {http: {numRetries: 2}}
        """);
    assertThat(GlobalCopies.sentTo(fromZone, "zone-2")).isFalse();
    assertThat(GlobalCopies.sentTo(yaml("type: Mesh\nname: other\n"), "zone-1")).isTrue();
  }

  @Test
  void aZonesIngressGoesOnToTheOtherZonesAsGlobalHoldsIt() {
    Resource ingress = yaml("""
        type: ZoneIngress
        name: zi-1-abc
        labels: {kuma.io/origin: zone, kuma.io/zone: zone-2, kuma.io/display-name: zi-1}
        zone: zone-2
        networking: {address: 127.0.0.1, port: 10002}
        availableServices:
          - {mesh: default, instances: 2, tags: {kuma.io/service: echo}}
        """);
    assertThat(GlobalCopies.KINDS).contains(ResourceKind.ZONE_INGRESS);
    assertThat(GlobalCopies.sentTo(ingress, "zone-1")).as("zone-1 learns of zone-2's ingress").isTrue();
    assertThat(GlobalCopies.sentTo(ingress, "zone-2")).as("zone-2 has its own").isFalse();
    assertThat(GlobalCopies.toZone(ingress)).isEqualTo(ingress);
    assertThat(GlobalCopies.isOtherZones(ingress, "zone-1")).isTrue();
  }
}
