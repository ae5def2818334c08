package dev.atrium.core.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.core.translate.ProxyTranslator;
import java.util.List;
import org.junit.jupiter.api.Test;

class XdsVersionsTest {

  private static XdsResources translate(String input, String dataplane) {
    MeshSnapshot snapshot = TranslateCases.snapshot(ResourceCodec.decodeAll(input));
    return XdsTranslator.translate(ProxyTranslator.translate(snapshot, dataplane));
  }

  private static String input() {
    return TranslateCases.load("delegated-kong-seed").input();
  }

  @Test
  void unchangedInputGivesIdenticalVersions() {
    XdsResources first = translate(input(), "kong-01");
    XdsResources second = translate(input(), "kong-01");
    for (String type : XdsTypes.ALL) {
      assertThat(second.version(type)).as(type).isEqualTo(first.version(type)).matches("[0-9a-f]{64}");
      assertThat(second.resources(type)).as(type).isEqualTo(first.resources(type));
    }
  }

  @Test
  void aChangedEndpointChangesOnlyTheEdsVersion() {
    XdsResources before = translate(input(), "kong-01");
    String moved = input().replace("address: 10.0.2.2", "address: 10.0.2.22");
    assertThat(moved).isNotEqualTo(input());
    XdsResources after = translate(moved, "kong-01");
    assertThat(after.version(XdsTypes.ENDPOINT)).isNotEqualTo(before.version(XdsTypes.ENDPOINT));
    for (String type : List.of(XdsTypes.LISTENER, XdsTypes.ROUTE, XdsTypes.CLUSTER)) {
      assertThat(after.version(type)).as(type).isEqualTo(before.version(type));
    }
  }

  @Test
  void aReadyEndpointAppearingChangesOnlyTheEdsVersion() {
    XdsResources before = translate(input(), "kong-01");
    XdsResources after = translate(input().replace("state: NotReady", "state: Ready"), "kong-01");
    assertThat(after.endpoints().get(0).getEndpoints(0).getLbEndpointsCount()).isEqualTo(3);
    assertThat(after.version(XdsTypes.ENDPOINT)).isNotEqualTo(before.version(XdsTypes.ENDPOINT));
    assertThat(after.version(XdsTypes.CLUSTER)).isEqualTo(before.version(XdsTypes.CLUSTER));
    assertThat(after.version(XdsTypes.LISTENER)).isEqualTo(before.version(XdsTypes.LISTENER));
  }

  @Test
  void versionsDependOnContentNotOnTheOrderResourcesWereDeclared() {
    String input = TranslateCases.load("delegated-multiple-outbounds").input();
    String[] docs = input.split("\n---\n");
    String reordered = String.join("\n---\n", docs[0], docs[3], docs[2], docs[1]);
    XdsResources a = translate(input, "kong-02");
    XdsResources b = translate(reordered, "kong-02");
    for (String type : XdsTypes.ALL) assertThat(b.version(type)).as(type).isEqualTo(a.version(type));
  }

  @Test
  void namesAreSortedAndPerType() {
    XdsResources xds = translate(TranslateCases.load("delegated-multiple-outbounds").input(), "kong-02");
    assertThat(xds.names(XdsTypes.LISTENER)).containsExactly(
        "outbound:127.0.0.1:16379", "outbound:127.0.0.1:33033", "outbound:127.0.0.1:33034");
    assertThat(xds.names(XdsTypes.ROUTE)).containsExactly("outbound:127.0.0.1:33033", "outbound:127.0.0.1:33034");
    assertThat(xds.names(XdsTypes.CLUSTER)).containsExactly("backend", "redis");
    assertThat(xds.names(XdsTypes.ENDPOINT)).containsExactly("backend", "redis");
    assertThat(xds.byType().keySet()).containsExactlyElementsOf(XdsTypes.ALL);
  }
}
