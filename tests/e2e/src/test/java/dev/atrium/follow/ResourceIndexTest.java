package dev.atrium.follow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index both services read: what a put replaces, what a Mesh's removal takes, which meshes exist. */
class ResourceIndexTest {
  private final ResourceIndex index = new ResourceIndex();

  @Test
  void putAndRemoveReturnWhatWasThere() {
    assertThat(index.put(dataplane("default", "web-1", "10.0.0.1"))).isEmpty();
    Resource replaced = index.put(dataplane("default", "web-1", "10.0.0.2")).orElseThrow();
    assertThat(replaced.meta().name()).isEqualTo("web-1");
    assertThat(ResourceCodec.toJson(replaced)).contains("10.0.0.1");

    assertThat(index.remove(ResourceKind.DATAPLANE, "default", "web-1")).isPresent();
    assertThat(index.remove(ResourceKind.DATAPLANE, "default", "web-1")).isEmpty();
    assertThat(index.remove(ResourceKind.DATAPLANE, "no-such-mesh", "web-1")).isEmpty();
  }

  @Test
  void removingAMeshTakesEverythingInIt() {
    index.put(mesh("default"));
    index.put(dataplane("default", "web-1", "10.0.0.1"));
    assertThat(index.remove(ResourceKind.MESH, "default", "default")).isPresent();
    assertThat(index.inMesh("default")).isEmpty();
    assertThat(index.get(ResourceKind.DATAPLANE, "default", "web-1")).isEmpty();
    assertThat(index.meshNames()).isEmpty();
  }

  @Test
  void meshNamesHoldMeshesThatOnlyHaveResources() {
    index.put(mesh("a"));
    index.put(dataplane("b", "web-1", "10.0.0.1"));
    assertThat(index.meshNames()).containsExactly("a", "b");
    assertThat(index.snapshot("b")).as("no snapshot without the Mesh").isEmpty();

    index.remove(ResourceKind.DATAPLANE, "b", "web-1");
    assertThat(index.meshNames()).as("a mesh emptied of resources and without a Mesh is gone").containsExactly("a");
  }

  @Test
  void readsAreOrderedByKindThenName() {
    index.put(mesh("default"));
    index.put(gateway("default", "gw"));
    index.put(dataplane("default", "web-2", "10.0.0.2"));
    index.put(dataplane("default", "web-1", "10.0.0.1"));

    assertThat(index.inMesh("default")).extracting(r -> r.kind() + "/" + r.name())
        .containsExactly("DATAPLANE/web-1", "DATAPLANE/web-2", "MESH_GATEWAY/gw");
    assertThat(index.all(ResourceKind.DATAPLANE, "default")).extracting(Resource::name).containsExactly("web-1", "web-2");
    assertThat(index.get(ResourceKind.MESH, "ignored", "default")).isEqualTo(index.mesh("default"));

    MeshSnapshot snapshot = index.snapshot("default").orElseThrow();
    assertThat(snapshot.all(ResourceKind.DATAPLANE)).extracting(Resource::name).containsExactly("web-1", "web-2");
    assertThat(snapshot.dataplane("web-1")).isPresent();
  }

  @Test
  void replaceAllSwapsTheWholeContent() {
    index.put(mesh("old"));
    index.put(dataplane("old", "web-1", "10.0.0.1"));
    index.replaceAll(List.of(mesh("new"), dataplane("new", "api-1", "10.0.0.9")));
    assertThat(index.meshNames()).containsExactly("new");
    assertThat(index.get(ResourceKind.DATAPLANE, "old", "web-1")).isEmpty();
    assertThat(index.get(ResourceKind.DATAPLANE, "new", "api-1")).isPresent();
  }

  static Resource mesh(String name) {
    return ResourceCodec.decode("type: Mesh\nname: " + name + "\n");
  }

  static Resource dataplane(String mesh, String name, String address) {
    return ResourceCodec.decode("""
        type: Dataplane
        mesh: %s
        name: %s
        networking:
          address: %s
          inbound:
            - port: 8080
              tags: {kuma.io/service: web}
        """.formatted(mesh, name, address));
  }

  static Resource gateway(String mesh, String name) {
    return ResourceCodec.decode("""
        type: MeshGateway
        mesh: %s
        name: %s
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          listeners:
            - port: 8080
              protocol: HTTP
        """.formatted(mesh, name));
  }
}
