package dev.atrium.store.backend.kube;

import dev.atrium.store.backend.StoredResource;

/**
 * One Kubernetes object as the store sees it.
 *
 * @param id {@code namespace/name}, or {@code name} for cluster-scoped kinds
 * @param revision the object's resourceVersion (an etcd revision); for a deletion, the deletion's
 * @param resource the resource it holds, or null when the object is not a valid resource
 * @param problem why it is not valid (null when it is)
 */
record Observed(String id, long revision, StoredResource resource, String problem) {
  boolean valid() {
    return resource != null;
  }
}
