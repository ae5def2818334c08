package dev.atrium.follow;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service's copy of the resources it follows: the meshes, and per mesh every resource by kind and
 * name. One thread writes (the follower's); any thread reads, and sees each entry atomically. A read
 * of several entries taken while a burst of events is applied may fall between two of them: readers
 * are told of every change afterwards, so what they compute settles on the store's state.
 */
public final class ResourceIndex {
  /** Swapped whole by {@link #replaceAll}, so a reader sees the old listing or the new, never a mix. */
  private volatile State state = new State();

  private static final class State {
    final Map<String, Resource> meshes = new ConcurrentHashMap<>();
    final Map<String, Map<ResourceKind, Map<String, Resource>>> byMesh = new ConcurrentHashMap<>();
    /** Kinds beside meshes other than Mesh itself (ZoneIngress), by kind and name. */
    final Map<ResourceKind, Map<String, Resource>> beside = new ConcurrentHashMap<>();

    Optional<Resource> put(Resource r) {
      if (r.kind() == ResourceKind.MESH) return Optional.ofNullable(meshes.put(r.name(), r));
      if (!r.kind().isMeshScoped()) {
        return Optional.ofNullable(beside.computeIfAbsent(r.kind(), k -> new ConcurrentHashMap<>()).put(r.name(), r));
      }
      return Optional.ofNullable(byMesh.computeIfAbsent(r.mesh(), m -> new ConcurrentHashMap<>())
          .computeIfAbsent(r.kind(), k -> new ConcurrentHashMap<>()).put(r.name(), r));
    }

    Map<String, Resource> named(ResourceKind kind, String mesh) {
      if (!kind.isMeshScoped()) return beside.getOrDefault(kind, Map.of());
      return byMesh.getOrDefault(mesh, Map.of()).getOrDefault(kind, Map.of());
    }
  }

  /** Stores {@code r} and returns what it replaced, if anything. */
  public Optional<Resource> put(Resource r) {
    return state.put(r);
  }

  /** Removes one resource and returns it; removing a Mesh removes everything in it, as the store does. */
  public Optional<Resource> remove(ResourceKind kind, String mesh, String name) {
    State s = state;
    if (kind == ResourceKind.MESH) {
      s.byMesh.remove(name);
      return Optional.ofNullable(s.meshes.remove(name));
    }
    if (!kind.isMeshScoped()) {
      Map<String, Resource> named = s.beside.get(kind);
      return named == null ? Optional.empty() : Optional.ofNullable(named.remove(name));
    }
    Map<String, Resource> named = s.byMesh.getOrDefault(mesh, Map.of()).get(kind);
    return named == null ? Optional.empty() : Optional.ofNullable(named.remove(name));
  }

  /** Replaces the whole content with {@code all} in one step (a fresh listing of the store). */
  public void replaceAll(Collection<Resource> all) {
    State next = new State();
    all.forEach(next::put);
    state = next;
  }

  public Optional<Resource> mesh(String name) {
    if (name == null) return Optional.empty();
    return Optional.ofNullable(state.meshes.get(name));
  }

  public Optional<Resource> get(ResourceKind kind, String mesh, String name) {
    if (kind == ResourceKind.MESH) return mesh(name);
    return Optional.ofNullable(state.named(kind, mesh).get(name));
  }

  /** Every resource inside {@code mesh} (not the Mesh itself), by kind then name. */
  public List<Resource> inMesh(String mesh) {
    return inMesh(state, mesh);
  }

  /** The resources of one kind in {@code mesh} (any mesh, for a kind beside meshes), by name. */
  public Collection<Resource> all(ResourceKind kind, String mesh) {
    return List.copyOf(new TreeMap<>(state.named(kind, mesh)).values());
  }

  /**
   * Every mesh that exists or still has resources, sorted. A listing can hold resources whose Mesh it
   * does not (objects written to a Kubernetes API server directly never met the store's rules), and
   * whoever is told of a re-listing must hear of those meshes too.
   */
  public List<String> meshNames() {
    State s = state;
    TreeSet<String> names = new TreeSet<>(s.meshes.keySet());
    s.byMesh.forEach((mesh, kinds) -> {
      if (kinds.values().stream().anyMatch(named -> !named.isEmpty())) names.add(mesh);
    });
    return List.copyOf(names);
  }

  /** The mesh as one snapshot; empty while its Mesh resource is unknown (deleted, or not yet seen). */
  public Optional<MeshSnapshot> snapshot(String mesh) {
    State s = state;
    // MeshSnapshot.of sorts by kind and name itself: the resources are handed over unsorted, not sorted twice.
    return Optional.ofNullable(s.meshes.get(mesh)).map(m -> MeshSnapshot.of(m, unsortedInMesh(s, mesh),
        List.copyOf(new TreeMap<>(s.beside.getOrDefault(ResourceKind.ZONE_INGRESS, Map.of())).values())));
  }

  private static List<Resource> unsortedInMesh(State s, String mesh) {
    List<Resource> out = new ArrayList<>();
    s.byMesh.getOrDefault(mesh, Map.of()).values().forEach(named -> out.addAll(named.values()));
    return out;
  }

  private static List<Resource> inMesh(State s, String mesh) {
    Map<ResourceKind, Map<String, Resource>> kinds = s.byMesh.getOrDefault(mesh, Map.of());
    List<Resource> out = new ArrayList<>();
    for (ResourceKind kind : ResourceKind.values()) {
      Map<String, Resource> named = kinds.get(kind);
      if (named != null) out.addAll(new TreeMap<>(named).values());
    }
    return out;
  }
}
