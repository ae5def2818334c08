package dev.atrium.core.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.core.translate.ProxyTranslator;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sharing resources between the proxies of a snapshot changes how often they are built, never what a
 * proxy gets: the same resources and the same versions as translating each proxy alone.
 */
class SharedResourcesTest {

  /** Two delegated gateways with the same outbounds, and a sidecar calling one of the same services. */
  private static final String MESH = TranslateCases.load("delegated-multiple-outbounds").input();

  private static MeshSnapshot snapshot() {
    return TranslateCases.snapshot(ResourceCodec.decodeAll(MESH));
  }

  @Test
  void sharedTranslationsEqualTheUnsharedOnesTypeByTypeAndVersionByVersion() {
    MeshSnapshot mesh = snapshot();
    SharedResources shared = SharedResources.create();
    for (String proxy : List.of("kong-02", "kong-02")) {
      ProxyIr ir = ProxyTranslator.translate(mesh, proxy);
      XdsResources alone = XdsTranslator.translate(ir);
      XdsResources withShared = XdsTranslator.translate(ir, shared);
      for (String type : XdsTypes.ALL) {
        assertThat(withShared.resources(type)).as(type).isEqualTo(alone.resources(type));
        assertThat(withShared.version(type)).as(type).isEqualTo(alone.version(type));
      }
    }
  }

  @Test
  void equalIrGivesTheSameInstanceAndADifferentIrItsOwn() {
    MeshSnapshot mesh = snapshot();
    SharedResources shared = SharedResources.create();
    ProxyIr ir = ProxyTranslator.translate(mesh, "kong-02");
    List<Cluster> first = XdsTranslator.translate(ir, shared).clusters();
    List<Cluster> second = XdsTranslator.translate(ProxyTranslator.translate(snapshot(), "kong-02"), shared).clusters();
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i)).as("cluster %s built once", first.get(i).getName()).isSameAs(first.get(i));
    }
    // Without sharing every translation builds its own (equal) objects.
    List<Cluster> unshared = XdsTranslator.translate(ir).clusters();
    assertThat(unshared).isEqualTo(first);
    assertThat(unshared.get(0)).isNotSameAs(first.get(0));
  }

  @Test
  void aResourceChangedByAPatchIsNotTakenForTheSharedOne() {
    // The version covers every byte of what the proxy gets, shared or not: a different message of the
    // same name gives a different digest.
    MeshSnapshot mesh = snapshot();
    SharedResources shared = SharedResources.create();
    Cluster cluster = XdsTranslator.translate(ProxyTranslator.translate(mesh, "kong-02"), shared).clusters().get(0);
    Cluster changed = cluster.toBuilder().setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(42)).build();
    assertThat(XdsVersions.of(List.<Message>of(changed), shared)).isNotEqualTo(XdsVersions.of(List.<Message>of(cluster), shared));
    assertThat(XdsVersions.of(List.<Message>of(changed), shared).type()).isEqualTo(XdsVersions.of(List.<Message>of(changed)));
  }
}
