package dev.atrium.webhook.mesh;

import dev.atrium.webhook.admission.LookupUnavailableException;

/**
 * Which meshes exist, for the Pod check "the mesh a Pod joins must exist". Implementations keep a
 * followed copy and confirm a miss at the source, so a mesh created a moment before its first Pod is
 * found.
 */
@FunctionalInterface
public interface MeshDirectory {

  /** Whether {@code mesh} exists; throws {@link LookupUnavailableException} when that cannot be known right now. */
  boolean exists(String mesh);

  /** True once the directory has its initial state (readiness). */
  default boolean ready() {
    return true;
  }
}
