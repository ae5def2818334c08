package dev.atrium.ctl.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.ctl.CliException;
import dev.atrium.ctl.output.ListPage;
import dev.atrium.ctl.output.ListedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads resources of one mesh through the REST API into the {@link MeshSnapshot} the xds-server builds
 * from the same resources ({@code MeshSnapshot.of(mesh, everything in it)}), so what atriumctl derives
 * from it is what the control plane derives. Lists are read page by page, the largest pages the API allows.
 */
public final class MeshReader {
  static final int PAGE_SIZE = 1000;

  private final ApiClient client;
  private final String mesh;

  public MeshReader(ApiClient client, String mesh) {
    this.client = client;
    this.mesh = mesh;
  }
  /** The client it reads through, for the calls beside the resources (inspection). */
  public ApiClient client() {
    return client;
  }


  /** The Mesh resource; a missing mesh is the user's error, worded like kubectl's. */
  public Resource meshResource() {
    try {
      return decode(client.getJson(ResourcePaths.item(ResourceKind.MESH, null, mesh)));
    } catch (ApiException e) {
      if (e.status() == 404) throw new CliException("Mesh \"" + mesh + "\" not found");
      throw e;
    }
  }

  /** One resource of the mesh, or empty when the API answers 404. */
  public Optional<Resource> get(ResourceKind kind, String name) {
    try {
      return Optional.of(decode(client.getJson(ResourcePaths.item(kind, mesh, name))));
    } catch (ApiException e) {
      if (e.status() == 404) return Optional.empty();
      throw e;
    }
  }

  /** Every resource of {@code kind} in the mesh, following the API's {@code next} links. */
  public List<Resource> list(ResourceKind kind) {
    List<Resource> out = new ArrayList<>();
    int offset = 0;
    while (true) {
      String path = ResourcePaths.collection(kind, mesh) + "?size=" + PAGE_SIZE + (offset > 0 ? "&offset=" + offset : "");
      ListPage page = ListPage.fromJson(client.getJson(path));
      page.items().forEach(item -> out.add(decode(item)));
      if (page.next() == null || page.items().isEmpty()) return out;
      OptionalInt next = page.nextOffset();
      if (next.isEmpty() || next.getAsInt() <= offset) {
        throw new CliException("the API's next link for " + kind.collection() + " has no usable offset: " + page.next());
      }
      offset = next.getAsInt();
    }
  }

  /** The snapshot of the mesh holding {@code resources} (each resource once). */
  public MeshSnapshot snapshot(List<Resource> resources) {
    return MeshSnapshot.of(meshResource(), resources);
  }

  private static Resource decode(JsonNode item) {
    return ListedResource.fromJson(item).resource();
  }
}
