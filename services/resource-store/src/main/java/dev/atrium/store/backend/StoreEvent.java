package dev.atrium.store.backend;

/**
 * One committed change. Revisions are store-wide and strictly increasing in commit order (gap-free in
 * the JDBC backends, etcd revisions in the Kubernetes one), so "every event after revision R" is a
 * complete, ordered description of what changed.
 *
 * @param resource the resource after a PUT; for a DELETE the resource as it was before deletion
 */
public record StoreEvent(long revision, Type type, StoredResource resource) {
  public enum Type { PUT, DELETE }

  public ResourceKey key() {
    return resource.key();
  }
}
