package dev.atrium.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshSnapshotTest {

  static final Resource MESH = ResourceCodec.decode("type: Mesh\nname: default\n");

  static Resource dataplane(String name, String yamlNetworking) {
    return ResourceCodec.decode("type: Dataplane\nmesh: default\nname: " + name + "\nnetworking:\n" + yamlNetworking.indent(2));
  }

  static final Resource B2 = dataplane("b-2", """
      address: 10.0.0.2
      inbound:
        - port: 10002
          tags: {kuma.io/service: backend}
        - port: 10001
          tags: {kuma.io/service: backend}
      """);
  static final Resource B1 = dataplane("b-1", """
      address: 10.0.0.1
      advertisedAddress: 192.0.2.1
      inbound:
        - port: 10003
          tags: {kuma.io/service: backend, kuma.io/protocol: http}
        - port: 10004
          address: 10.0.0.11
          tags: {kuma.io/service: backend}
        - port: 10005
          health: {ready: false}
          tags: {kuma.io/service: backend}
        - port: 10006
          state: NotReady
          tags: {kuma.io/service: backend}
        - port: 10007
          state: Ignored
          tags: {kuma.io/service: backend}
        - port: 10008
          tags: {kuma.io/service: other}
      """);

  @Test
  void indexesReadyInboundsByServiceInDataplaneThenPortOrder() {
    MeshSnapshot snapshot = MeshSnapshot.of(MESH, List.of(B2, B1));
    assertThat(snapshot.endpointsOf("backend")).containsExactly(
        new Endpoint("192.0.2.1", 10003, B1.specAs(dev.atrium.core.model.dataplane.DataplaneSpec.class)
            .networking().inbound().get(0).tags(), "b-1"),
        new Endpoint("10.0.0.11", 10004, java.util.Map.of(KumaTags.SERVICE, "backend"), "b-1"),
        new Endpoint("10.0.0.2", 10001, java.util.Map.of(KumaTags.SERVICE, "backend"), "b-2"),
        new Endpoint("10.0.0.2", 10002, java.util.Map.of(KumaTags.SERVICE, "backend"), "b-2"));
    assertThat(snapshot.endpointsOf("other")).extracting(Endpoint::port).containsExactly(10008);
    assertThat(snapshot.endpointsOf("nobody")).isEmpty();
    assertThat(snapshot.servicesWithEndpoints()).containsExactly("backend", "other");
  }

  @Test
  void orderOfInputDoesNotMatter() {
    MeshSnapshot a = MeshSnapshot.of(MESH, List.of(B1, B2));
    MeshSnapshot b = MeshSnapshot.of(MESH, List.of(B2, B1));
    assertThat(a.endpointsOf("backend")).isEqualTo(b.endpointsOf("backend"));
    assertThat(a.all(ResourceKind.DATAPLANE)).extracting(Resource::name).containsExactly("b-1", "b-2");
    assertThat(b.all(ResourceKind.DATAPLANE)).extracting(Resource::name).containsExactly("b-1", "b-2");
  }

  @Test
  void looksUpByKindAndName() {
    MeshSnapshot snapshot = MeshSnapshot.of(MESH, List.of(B1));
    assertThat(snapshot.name()).isEqualTo("default");
    assertThat(snapshot.mesh()).isSameAs(MESH);
    assertThat(snapshot.dataplane("b-1")).contains(B1);
    assertThat(snapshot.dataplane("b-2")).isEmpty();
    assertThat(snapshot.all(ResourceKind.MESH_GATEWAY)).isEmpty();
  }

  @Test
  void isImmutable() {
    List<Resource> input = new ArrayList<>(List.of(B1));
    MeshSnapshot snapshot = MeshSnapshot.of(MESH, input);
    input.add(B2);
    assertThat(snapshot.all(ResourceKind.DATAPLANE)).hasSize(1);
    assertThatThrownBy(() -> snapshot.all(ResourceKind.DATAPLANE).add(B2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> snapshot.endpointsOf("backend").clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesResourcesOfAnotherMeshDuplicatesAndGlobalKinds() {
    Resource foreign = ResourceCodec.decode("type: Dataplane\nmesh: other\nname: x\nnetworking:\n  address: 10.0.0.9\n");
    assertThatThrownBy(() -> MeshSnapshot.of(MESH, List.of(foreign)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to mesh \"default\"");
    assertThatThrownBy(() -> MeshSnapshot.of(MESH, List.of(B1, B1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> MeshSnapshot.of(MESH, List.of(MESH)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a mesh-scoped");
    assertThatThrownBy(() -> MeshSnapshot.of(B1, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a Mesh");
  }
}
