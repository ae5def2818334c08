package dev.atrium.core.policy.apply;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import java.util.List;

/**
 * The key under which a merged conf is shared across the proxies of one snapshot
 * ({@link dev.atrium.core.snapshot.MeshSnapshot#derived}): the kind, {@code to} or {@code from} entries,
 * the selecting policies in merge order, and the destinations or caller tags. Policies are compared by
 * identity — every translation of a snapshot reads the same instances, and hashing a policy's whole
 * spec for every route would cost what the cache saves.
 */
record MergeQuestion(ResourceKind kind, boolean to, SamePolicies policies, Object where) {

  static MergeQuestion of(ResourceKind kind, boolean to, List<Resource> policies, Object where) {
    return new MergeQuestion(kind, to, new SamePolicies(policies), where);
  }

  /** A list of policies equal to another only when it holds the very same instances, in the same order. */
  record SamePolicies(List<Resource> list) {
    @Override
    public boolean equals(Object o) {
      if (!(o instanceof SamePolicies other) || other.list.size() != list.size()) return false;
      for (int i = 0; i < list.size(); i++) {
        if (other.list.get(i) != list.get(i)) return false;
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (Resource r : list) h = 31 * h + System.identityHashCode(r);
      return h;
    }
  }
}
