package dev.atrium.store.metrics;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.watch.WatchHub;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How many resources of each kind the store holds, followed from the store's own change stream (a
 * subscription from revision 0: the state, then every change). So the counts include writes other
 * replicas or kubectl made, are right again after a restart, and a scrape reads no storage. Keys only,
 * never bodies.
 *
 * <p>Until the first initial list is complete the counts are unknown (NaN). A resubscription (after the
 * subscription ended) keeps the last counts until its own initial list is complete, then replaces them.
 */
final class ResourceCounts implements WatchHub.Listener {
  private final Consumer<Throwable> onEnded;

  // Guarded by this.
  private Map<String, Set<ResourceKey>> listing = new HashMap<>(); // the initial list being received
  private Map<String, Set<ResourceKey>> current; // null until the first initial list is complete
  private boolean listed;

  /** @param onEnded called when the subscription has ended, with why (to subscribe again) */
  ResourceCounts(Consumer<Throwable> onEnded) {
    this.onEnded = onEnded;
  }

  /** Before subscribing again: what arrives next is a new initial list. */
  synchronized void relist() {
    listing = new HashMap<>();
    listed = false;
  }

  /** Resources of {@code kind} (a type name), or NaN while not known yet. */
  synchronized double count(String kind) {
    if (current == null) return Double.NaN;
    Set<ResourceKey> keys = current.get(kind);
    return keys == null ? 0 : keys.size();
  }

  @Override
  public synchronized void onEvent(StoreEvent event) {
    Map<String, Set<ResourceKey>> target = listed ? current : listing;
    Set<ResourceKey> keys = target.computeIfAbsent(event.key().kind(), k -> new HashSet<>());
    if (event.type() == StoreEvent.Type.PUT) keys.add(event.key()); else keys.remove(event.key());
  }

  @Override
  public synchronized void onSynced(long revision) {
    current = listing;
    listing = new HashMap<>();
    listed = true;
  }

  @Override
  public void onError(Throwable error) {
    onEnded.accept(error);
  }
}
