package dev.atrium.store.backend;

import java.util.Objects;

/**
 * Identity of a stored resource. {@code mesh} is the empty string for global kinds (Mesh) so that
 * the key is usable as a primary key in every backend without NULL semantics.
 */
public record ResourceKey(String kind, String mesh, String name) implements Comparable<ResourceKey> {
  public ResourceKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    mesh = mesh == null ? "" : mesh;
  }

  @Override
  public int compareTo(ResourceKey o) {
    int c = kind.compareTo(o.kind);
    if (c != 0) return c;
    c = mesh.compareTo(o.mesh);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return kind + "/" + (mesh.isEmpty() ? "" : mesh + "/") + name;
  }
}
