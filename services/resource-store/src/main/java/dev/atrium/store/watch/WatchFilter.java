package dev.atrium.store.watch;

import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.StoredResource;
import java.util.Set;

/**
 * Which resources a subscriber wants.
 *
 * @param kinds resource kinds; empty means every kind
 * @param mesh a mesh name, or null for every mesh. A Mesh resource itself belongs to the mesh it
 *     names, so a watcher of mesh "default" also hears about the Mesh "default" being deleted.
 */
record WatchFilter(Set<String> kinds, String mesh) {
  private static final String MESH_KIND = "Mesh";

  WatchFilter {
    kinds = Set.copyOf(kinds);
  }

  boolean matches(StoreEvent event) {
    return matches(event.resource());
  }

  boolean matches(StoredResource resource) {
    String kind = resource.key().kind();
    if (!kinds.isEmpty() && !kinds.contains(kind)) return false;
    if (mesh == null) return true;
    return mesh.equals(resource.key().mesh()) || (MESH_KIND.equals(kind) && mesh.equals(resource.key().name()));
  }
}
