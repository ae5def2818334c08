package dev.atrium.metrics.follow;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This service's copy of the resources it follows, per mesh. Only the follower's thread writes; the
 * updater's thread reads a mesh at a time into a {@link MeshSnapshot}. A snapshot taken while a
 * burst of events is being applied may be between two of them; the updater runs again after the
 * last one, so what it publishes settles on the store's state.
 */
public final class ResourceIndex {
  private final Map<String, Resource> meshes = new ConcurrentHashMap<>();
  private final Map<String, Map<ResourceKind, Map<String, Resource>>> byMesh = new ConcurrentHashMap<>();

  public void put(Resource r) {
    if (r.kind() == ResourceKind.MESH) {
      meshes.put(r.name(), r);
    } else {
      byMesh.computeIfAbsent(r.mesh(), m -> new ConcurrentHashMap<>())
          .computeIfAbsent(r.kind(), k -> new ConcurrentHashMap<>()).put(r.name(), r);
    }
  }

  public void remove(ResourceKind kind, String mesh, String name) {
    if (kind == ResourceKind.MESH) {
      meshes.remove(name);
      byMesh.remove(name);
      return;
    }
    Map<ResourceKind, Map<String, Resource>> kinds = byMesh.get(mesh);
    if (kinds != null && kinds.get(kind) != null) kinds.get(kind).remove(name);
  }

  public void replaceAll(Collection<Resource> all) {
    meshes.clear();
    byMesh.clear();
    all.forEach(this::put);
  }

  /** Every mesh that exists, or has resources, sorted. */
  public List<String> meshNames() {
    TreeSet<String> names = new TreeSet<>(meshes.keySet());
    names.addAll(byMesh.keySet());
    return List.copyOf(names);
  }

  /** The mesh as one snapshot; empty when its Mesh resource is unknown (deleted, or not yet seen). */
  public Optional<MeshSnapshot> snapshot(String mesh) {
    Resource meshResource = meshes.get(mesh);
    if (meshResource == null) return Optional.empty();
    List<Resource> resources = new ArrayList<>();
    byMesh.getOrDefault(mesh, Map.of()).values().forEach(named -> resources.addAll(named.values()));
    return Optional.of(MeshSnapshot.of(meshResource, resources));
  }
}
