package dev.atrium.store.backend;

/**
 * One committed change. Revisions are store-wide, strictly increasing and gap-free in commit order,
 * so "every event after revision R" is a complete, ordered description of what changed.
 *
 * @param resource the resource after a PUT; for a DELETE the resource as it was before deletion
 */
public record StoreEvent(long revision, Type type, StoredResource resource) {
  public enum Type { PUT, DELETE }

  public ResourceKey key() {
    return resource.key();
  }
}
