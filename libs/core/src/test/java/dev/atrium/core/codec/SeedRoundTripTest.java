package dev.atrium.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.testing.Seeds;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/** Every YAML example of the seeds decodes verbatim and survives both encodings unchanged. */
class SeedRoundTripTest {

  static final List<String> SEEDS = Seeds.FILES;

  @ParameterizedTest
  @FieldSource("SEEDS")
  void decodesAndRoundTripsThroughBothForms(String file) {
    List<Resource> resources = ResourceCodec.decodeAll(Seeds.read(file));
    assertThat(resources).isNotEmpty();
    for (Resource r : resources) {
      assertThat(ResourceCodec.decode(ResourceCodec.toJson(r))).isEqualTo(r);
      assertThat(ResourceCodec.decode(ResourceCodec.toYaml(r))).isEqualTo(r);
      assertThat(ResourceCodec.decode(ResourceCodec.toKubernetesYaml(r))).isEqualTo(r);
      assertThat(ResourceCodec.decodeSpec(r.kind(), ResourceCodec.encodeSpec(r.spec()))).isEqualTo(r.spec());
    }
  }

  @Test
  void kubernetesAndUniversalFormsOfTheSameGatewayAreEqual() {
    Resource k8s = ResourceCodec.decode(Seeds.read("meshgateway-edge-gateway.k8s.yaml"));
    Resource universal = ResourceCodec.decode(Seeds.read("meshgateway-edge-gateway.yaml"));
    assertThat(k8s).isEqualTo(universal);
    MeshGatewaySpec spec = universal.specAs(MeshGatewaySpec.class);
    assertThat(spec.conf().listeners()).singleElement().satisfies(l -> {
      assertThat(l.port()).isEqualTo(8080);
      assertThat(l.protocol()).isEqualTo(MeshGatewaySpec.Protocol.HTTP);
      assertThat(l.hostname()).isEqualTo("foo.example.com");
      assertThat(l.tags()).containsEntry("port", "http-8080");
    });
    assertThat(ResourceCodec.decode(Seeds.read("meshgatewayroute-edge-gateway-route.k8s.yaml")))
        .isEqualTo(ResourceCodec.decode(Seeds.read("meshgatewayroute-edge-gateway-route.yaml")));
  }

  @Test
  void delegatedDataplaneKeepsItsOutbound() {
    Resource dp = ResourceCodec.decode(Seeds.read("dataplane-kong-01-delegated.yaml"));
    DataplaneSpec spec = dp.specAs(DataplaneSpec.class);
    assertThat(dp.mesh()).isEqualTo("default");
    assertThat(spec.networking().gateway().type()).isEqualTo(DataplaneSpec.GatewayType.DELEGATED);
    assertThat(spec.networking().outbound()).singleElement().satisfies(o -> {
      assertThat(o.port()).isEqualTo(33033);
      assertThat(o.tags()).containsEntry("kuma.io/service", "backend");
    });
  }

  @Test
  void tcpSeedHasTwoDocuments() {
    List<Resource> rs = ResourceCodec.decodeAll(Seeds.read("tcp-meshgateway-and-route.yaml"));
    assertThat(rs).extracting(Resource::kind).containsExactly(ResourceKind.MESH_GATEWAY, ResourceKind.MESH_GATEWAY_ROUTE);
    MeshGatewayRouteSpec route = rs.get(1).specAs(MeshGatewayRouteSpec.class);
    assertThat(route.conf().tcp().rules().get(0).backends().get(0).destination())
        .containsEntry("kuma.io/service", "redis_kuma-demo_svc_6379");
  }

  @Test
  void meshGatewayInstanceIsNamedByNamespaceLikeKuma() {
    Resource mgi = ResourceCodec.decode(Seeds.read("meshgatewayinstance-edge-gateway.k8s.yaml"));
    assertThat(mgi.name()).isEqualTo("edge-gateway.default");
    assertThat(mgi.meta().labels()).containsEntry("k8s.kuma.io/namespace", "default");
    assertThat(ResourceCodec.toKubernetesYaml(mgi)).contains("name: edge-gateway\n").contains("namespace: default");
  }

  @Test
  void everyFixtureOccursVerbatimInTheSeeds() {
    String seeds = Seeds.sharedSeedsText();
    for (String f : Seeds.FILES) {
      assertThat(seeds).as(f).contains(Seeds.read(f).stripTrailing());
    }
  }
}
