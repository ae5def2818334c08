package dev.atrium.follow;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;

/**
 * One resource changing: {@code before} is null for a creation, {@code after} for a deletion.
 * {@code mesh} is the mesh the resource lives in (its own name for a Mesh).
 */
public record Change(ResourceKind kind, String mesh, String name, Resource before, Resource after) {

  /** True when the resource is gone afterwards (a Watch DELETE). */
  public boolean isDeletion() {
    return after == null;
  }
}
