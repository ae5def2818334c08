package dev.atrium.store.backend.kube;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.RevisionCompactedException;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.StoreSnapshot;
import dev.atrium.store.backend.StoredResource;
import dev.atrium.store.backend.jdbc.EventRetention;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What has been released in revision order: the resources as of the released revision and the event
 * log watchers read, kept in memory (Kubernetes keeps the objects; this is the view and the history
 * since this process started). Not thread-safe: {@link Sequencer} guards it.
 *
 * <p>{@code compactedThrough} is the oldest revision a watcher may resume from. It rises when old
 * events are dropped (retention) and when a kind is re-listed ({@link #replaceKind}): a re-list
 * replaces state without events, so watchers from before it must re-list too.
 */
final class ReleasedLog {
  private static final Comparator<StoredResource> BY_MESH_NAME =
      Comparator.comparing((StoredResource r) -> r.key().mesh()).thenComparing(r -> r.key().name());

  private final EventRetention retention;
  private final Map<ResourceKey, StoredResource> current = new HashMap<>();
  private final TreeMap<Long, StoreEvent> events = new TreeMap<>();
  private long compactedThrough;
  private long lastEvent;

  ReleasedLog(EventRetention retention) {
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  void put(long revision, StoredResource resource) {
    current.put(resource.key(), resource);
    append(new StoreEvent(revision, StoreEvent.Type.PUT, resource));
  }

  void delete(long revision, ResourceKey key) {
    StoredResource before = current.remove(key);
    if (before != null) append(new StoreEvent(revision, StoreEvent.Type.DELETE, before));
  }

  /** Replaces every resource of {@code kind} with {@code items}; true if anything differed. */
  boolean replaceKind(String kind, Collection<StoredResource> items) {
    Map<ResourceKey, StoredResource> before = new HashMap<>();
    current.values().removeIf(r -> {
      if (!r.key().kind().equals(kind)) return false;
      before.put(r.key(), r);
      return true;
    });
    Map<ResourceKey, StoredResource> after = new HashMap<>();
    for (StoredResource r : items) after.put(r.key(), r);
    current.putAll(after);
    return !before.equals(after);
  }

  /** Resuming from before {@code revision} is no longer possible. */
  void compactThrough(long revision) {
    if (revision <= compactedThrough) return;
    compactedThrough = revision;
    events.headMap(revision, true).clear();
  }

  long compactedThrough() {
    return compactedThrough;
  }

  /** The newest event's revision, or the compaction point when that is newer: where a new watcher starts. */
  long revision() {
    return Math.max(lastEvent, compactedThrough);
  }

  List<StoreEvent> eventsAfter(long afterRevision, int limit) {
    if (afterRevision < compactedThrough) throw new RevisionCompactedException(afterRevision, compactedThrough);
    List<StoreEvent> out = new ArrayList<>();
    for (StoreEvent e : events.tailMap(afterRevision, false).values()) {
      if (out.size() == limit) break;
      out.add(e);
    }
    return out;
  }

  Optional<StoredResource> get(ResourceKey key) {
    return Optional.ofNullable(current.get(key));
  }

  List<StoredResource> list(String kind, String mesh) {
    return current.values().stream()
        .filter(r -> r.key().kind().equals(kind) && (mesh == null || mesh.equals(r.key().mesh())))
        .sorted(BY_MESH_NAME).toList();
  }

  /** Every resource inside {@code mesh}, sorted by key: the order a Mesh deletion removes them in. */
  List<StoredResource> inMesh(String mesh) {
    return current.values().stream().filter(r -> mesh.equals(r.key().mesh()))
        .sorted(Comparator.comparing(StoredResource::key)).toList();
  }

  StoreSnapshot snapshot(Set<String> kinds) {
    List<StoredResource> resources = current.values().stream()
        .filter(r -> kinds.isEmpty() || kinds.contains(r.key().kind()))
        .sorted(Comparator.comparing(StoredResource::key)).toList();
    return new StoreSnapshot(revision(), resources);
  }

  private void append(StoreEvent event) {
    events.put(event.revision(), event);
    lastEvent = event.revision();
    // Like the JDBC backends: let the log grow by compactEvery, then cut it back to keepEvents.
    if (events.size() >= retention.keepEvents() + retention.compactEvery()) {
      while (events.size() > retention.keepEvents()) compactedThrough = events.pollFirstEntry().getKey();
    }
  }
}
