package dev.atrium.xds.follow;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This server's copy of every resource, kept current from the Store Watch: meshes, and per mesh
 * every resource by kind and name. Writers are the follower's single thread; readers (reconcile,
 * bootstrap) see each map entry atomically.
 */
public final class ResourceIndex {
  private final Map<String, Resource> meshes = new ConcurrentHashMap<>();
  private final Map<String, Map<ResourceKind, Map<String, Resource>>> byMesh = new ConcurrentHashMap<>();

  /** Stores {@code r} and returns what it replaced, if anything. */
  public Optional<Resource> put(Resource r) {
    if (r.kind() == ResourceKind.MESH) return Optional.ofNullable(meshes.put(r.name(), r));
    return Optional.ofNullable(kindMap(r.mesh(), r.kind()).put(r.name(), r));
  }

  Optional<Resource> remove(ResourceKind kind, String mesh, String name) {
    if (kind == ResourceKind.MESH) {
      byMesh.remove(name);
      return Optional.ofNullable(meshes.remove(name));
    }
    Map<ResourceKind, Map<String, Resource>> kinds = byMesh.get(mesh);
    return kinds == null || kinds.get(kind) == null ? Optional.empty() : Optional.ofNullable(kinds.get(kind).remove(name));
  }

  void clear() {
    meshes.clear();
    byMesh.clear();
  }

  public Optional<Resource> mesh(String name) {
    return Optional.ofNullable(meshes.get(name));
  }

  public Optional<Resource> get(ResourceKind kind, String mesh, String name) {
    if (kind == ResourceKind.MESH) return mesh(name);
    Map<ResourceKind, Map<String, Resource>> kinds = byMesh.get(mesh);
    return kinds == null || kinds.get(kind) == null ? Optional.empty() : Optional.ofNullable(kinds.get(kind).get(name));
  }

  /** Every resource inside {@code mesh} (not the Mesh itself), in a stable order. */
  public List<Resource> inMesh(String mesh) {
    List<Resource> out = new ArrayList<>();
    Map<ResourceKind, Map<String, Resource>> kinds = byMesh.getOrDefault(mesh, Map.of());
    for (ResourceKind kind : ResourceKind.values()) {
      Map<String, Resource> named = kinds.get(kind);
      if (named != null) out.addAll(new TreeMap<>(named).values());
    }
    return out;
  }

  public Collection<Resource> all(ResourceKind kind, String mesh) {
    Map<ResourceKind, Map<String, Resource>> kinds = byMesh.getOrDefault(mesh, Map.of());
    return new TreeMap<>(kinds.getOrDefault(kind, Map.of())).values();
  }

  public Collection<String> meshNames() {
    return List.copyOf(new java.util.TreeSet<>(meshes.keySet()));
  }

  private Map<String, Resource> kindMap(String mesh, ResourceKind kind) {
    return byMesh.computeIfAbsent(mesh, m -> new ConcurrentHashMap<>()).computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
  }
}
