package dev.atrium.store.backend.kube;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoredResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one kind's watch has delivered so far (received, not necessarily released), for the
 * {@link Sequencer}, which guards it: the objects and their resourceVersions (what a progress probe
 * compares a list with), which resource each valid object is, and how far the kind is confirmed.
 */
final class KindStream {
  private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());

  final String kind;
  final Map<String, Long> seen = new LinkedHashMap<>(); // object id -> resourceVersion, valid or not
  final Map<String, ResourceKey> keyOf = new LinkedHashMap<>(); // object id -> key, valid objects only
  final Map<ResourceKey, String> owner = new LinkedHashMap<>();
  long generation;
  long confirmed;
  boolean resyncing = true;
  boolean listed; // a list of this kind has been released: its state is known
  long behindSince; // System.nanoTime() of the first probe in a row that its stream had not caught up with

  KindStream(String kind) {
    this.kind = kind;
  }

  List<StoredResource> reset(List<Observed> items) {
    behindSince = 0;
    seen.clear();
    keyOf.clear();
    owner.clear();
    List<StoredResource> valid = new ArrayList<>();
    for (Observed o : items) {
      seen.put(o.id(), o.revision());
      if (accept(o)) valid.add(o.resource());
    }
    return valid;
  }

  ResourceKey forget(String id) {
    ResourceKey key = keyOf.remove(id);
    if (key != null) owner.remove(key);
    return key;
  }

  /** Whether a valid, unambiguous resource: an object that cannot be one is skipped, with the reason logged. */
  boolean accept(Observed o) {
    String problem = o.problem();
    if (o.valid()) {
      ResourceKey key = o.resource().key();
      ResourceKey before = keyOf.get(o.id());
      String holder = owner.get(key);
      if (before != null && !before.equals(key)) {
        problem = "it was " + before + " and a resource cannot move to another mesh or name";
      } else if (holder != null && !holder.equals(o.id())) {
        problem = "object " + holder + " already is " + key;
      } else {
        keyOf.put(o.id(), key);
        owner.put(key, o.id());
        return true;
      }
    }
    LOG.log(System.Logger.Level.WARNING, "skipping {0} {1} at resourceVersion {2}: {3}; the store keeps its last "
        + "valid version, if any", kind, o.id(), o.revision(), problem);
    return false;
  }
}
