package dev.atrium.store.backend.kube;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.StoreSnapshot;
import dev.atrium.store.backend.StoredResource;
import dev.atrium.store.backend.jdbc.EventRetention;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Merges the per-kind Kubernetes watch streams into one totally ordered log (see ADR 0006).
 *
 * <p>Each kind's stream is ordered by resourceVersion (etcd revision), but streams of different
 * kinds interleave arbitrarily. An event is therefore held until every kind has <em>confirmed</em>
 * its revision: all of that kind's events up to it have been received. Then it is released to the
 * {@link ReleasedLog} in revision order, so a watcher resuming from the last revision it saw never
 * misses an event that arrives later. A kind confirms a revision by an event or a watch bookmark at
 * or after it, by a list (a re-list), or by a probe: a list at revision L whose objects and
 * resourceVersions equal what its stream delivered proves the kind had no lasting change up to L.
 *
 * <p>A probe cannot see an object created and deleted between two probes. Should its events arrive
 * after a later revision was released, they are "late": the kind is re-listed, and watchers from
 * before the re-list must re-list too ({@link ReleasedLog#compactThrough}), so none misses them silently.
 *
 * <p>All methods are thread-safe (one lock). Hooks are called under the lock and must not block.
 */
final class Sequencer {
  private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());
  /** A kind whose lists have disagreed with its stream this long, without a single event, is re-listed. */
  private static final long STALLED_NANOS = 30_000_000_000L;

  interface Hooks {
    /** {@code kind}'s order was disproved (a late event): re-list it. */
    void resyncNeeded(String kind);

    /** Events wait for kinds whose progress is unconfirmed: probe them. */
    void probeNeeded();

    /** Something was released: tell the onCommitted listeners. */
    void released();
  }

  /** A change, or a re-list of one kind, waiting for its revision to be confirmed by every kind. */
  private record Pending(long revision, int order, long seq, StoredResource put, ResourceKey delete, String resetKind,
      List<StoredResource> resetItems) {}

  private static final Comparator<Pending> ORDER = Comparator.comparingLong(Pending::revision)
      .thenComparingInt(Pending::order).thenComparingLong(Pending::seq);

  private final Map<String, KindStream> kinds = new LinkedHashMap<>();
  private final ReleasedLog log;
  private final Hooks hooks;
  private final PriorityQueue<Pending> pending = new PriorityQueue<>(ORDER);
  private final Map<String, CompletableFuture<Long>> deletions = new LinkedHashMap<>();
  private long seq;
  private long released; // every event up to this revision is in the log
  private long maxPending;
  private long wanted; // a writer waits until this is released
  private boolean closed;

  Sequencer(Set<String> kindNames, EventRetention retention, Hooks hooks) {
    kindNames.forEach(k -> kinds.put(k, new KindStream(k)));
    this.log = new ReleasedLog(retention);
    this.hooks = hooks;
  }

  /** A kind is about to be (re-)listed: its old stream is void, and nothing is released until the list arrives. */
  synchronized long beginResync(String kind) {
    KindStream k = stream(kind);
    k.resyncing = true;
    return ++k.generation;
  }

  /** The list of {@code kind} at {@code revision} (its watch continues from there). */
  synchronized void reset(String kind, long generation, long revision, List<Observed> items) {
    KindStream k = stream(kind);
    if (closed || generation != k.generation) return;
    List<StoredResource> valid = k.reset(items);
    deletions.entrySet().removeIf(e -> {
      if (!e.getKey().startsWith(kind + "|") || k.seen.containsKey(e.getKey().substring(kind.length() + 1))) return false;
      e.getValue().complete(revision); // deleted at or before the list
      return true;
    });
    k.confirmed = Math.max(k.confirmed, revision);
    k.resyncing = false;
    add(new Pending(revision, 1, seq++, null, null, kind, valid));
    release();
  }

  /** An ADDED/MODIFIED ({@code deleted} false) or DELETED event from {@code kind}'s watch. */
  synchronized void observed(String kind, long generation, Observed o, boolean deleted) {
    KindStream k = stream(kind);
    if (closed || generation != k.generation) return;
    Long seen = k.seen.get(o.id());
    if (!deleted && seen != null && seen >= o.revision()) return; // a repeat after the watch resumed
    if (o.revision() <= released) {
      LOG.log(System.Logger.Level.WARNING, "{0} {1} changed at revision {2}, but revision {3} was already released: "
          + "an object came and went between two progress probes. Re-listing {0}; watchers from before re-list too",
          kind, o.id(), o.revision(), released);
      hooks.resyncNeeded(kind);
      return;
    }
    k.confirmed = Math.max(k.confirmed, o.revision());
    k.behindSince = 0;
    if (deleted) {
      k.seen.remove(o.id());
      ResourceKey key = k.forget(o.id());
      if (key != null) add(new Pending(o.revision(), 0, seq++, null, key, null, null));
      CompletableFuture<Long> waiter = deletions.remove(kind + "|" + o.id());
      if (waiter != null) waiter.complete(o.revision());
    } else {
      k.seen.put(o.id(), o.revision());
      if (k.accept(o)) add(new Pending(o.revision(), 0, seq++, o.resource(), null, null, null));
    }
    release();
  }

  /** A watch bookmark: {@code kind} has delivered everything up to {@code revision}. */
  synchronized void progress(String kind, long generation, long revision) {
    KindStream k = stream(kind);
    if (closed || generation != k.generation || revision <= k.confirmed) return;
    k.confirmed = revision;
    release();
  }

  /** A probe's list of {@code kind} at {@code revision}: object id to resourceVersion. True if it advanced the kind. */
  synchronized boolean probed(String kind, long revision, Map<String, Long> listed) {
    KindStream k = stream(kind);
    if (k.resyncing || revision <= k.confirmed) return false;
    if (!listed.equals(k.seen)) {
      // Its stream has not delivered everything up to the list yet; normally a matter of milliseconds.
      long now = System.nanoTime();
      if (k.behindSince == 0) {
        k.behindSince = now;
      } else if (now - k.behindSince > STALLED_NANOS) {
        LOG.log(System.Logger.Level.WARNING, "the watch of {0} has delivered nothing for 30 s while lists show "
            + "changes: re-listing it", kind);
        k.behindSince = 0;
        hooks.resyncNeeded(kind);
      }
      return false;
    }
    k.behindSince = 0;
    k.confirmed = revision;
    release();
    return true;
  }

  /** Kinds whose confirmed progress is behind what waits to be released. */
  synchronized Set<String> lagging() {
    long target = Math.max(Math.max(pending.isEmpty() ? 0 : maxPending, wanted), log.compactedThrough());
    Set<String> out = new LinkedHashSet<>();
    for (KindStream k : kinds.values()) {
      if (!k.resyncing && k.confirmed < target) out.add(k.kind);
    }
    return out;
  }

  /** Waits until {@code revision} is released; false on timeout. */
  synchronized boolean awaitReleased(long revision, long timeoutMillis) {
    wanted = Math.max(wanted, revision);
    hooks.probeNeeded();
    return await(() -> released >= revision, timeoutMillis);
  }

  /** Waits until every kind has been listed and the log can be resumed from its revision. */
  synchronized boolean awaitReady(long timeoutMillis) {
    hooks.probeNeeded();
    return await(this::ready, timeoutMillis);
  }

  /** Completes with the revision of the DELETED event of {@code kind}'s object {@code id}. */
  synchronized CompletableFuture<Long> expectDeletion(String kind, String id) {
    return deletions.computeIfAbsent(kind + "|" + id, k -> new CompletableFuture<>());
  }

  synchronized void cancelDeletion(String kind, String id) {
    deletions.remove(kind + "|" + id);
  }

  /** The object that holds {@code key}, as the watches last reported it. */
  synchronized Optional<String> objectOf(ResourceKey key) {
    KindStream k = kinds.get(key.kind());
    return k == null ? Optional.empty() : Optional.ofNullable(k.owner.get(key));
  }

  synchronized Optional<StoredResource> get(ResourceKey key) {
    return log.get(key);
  }

  synchronized List<StoredResource> list(String kind, String mesh) {
    return log.list(kind, mesh);
  }

  synchronized List<StoredResource> inMesh(String mesh) {
    return log.inMesh(mesh);
  }

  synchronized StoreSnapshot snapshot(Set<String> kinds, long timeoutMillis) {
    requireReady(timeoutMillis);
    return log.snapshot(kinds);
  }

  synchronized long revision(long timeoutMillis) {
    requireReady(timeoutMillis);
    return log.revision();
  }

  synchronized List<StoreEvent> eventsAfter(long afterRevision, int limit) {
    return log.eventsAfter(afterRevision, limit);
  }

  synchronized void close() {
    closed = true;
    deletions.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the store is closing")));
    deletions.clear();
    notifyAll();
  }

  private void add(Pending p) {
    pending.add(p);
    maxPending = Math.max(maxPending, p.revision());
  }

  /** Releases, in revision order, whatever every kind has confirmed. */
  private void release() {
    for (KindStream k : kinds.values()) {
      if (k.resyncing) return;
    }
    long safe = kinds.values().stream().mapToLong(k -> k.confirmed).min().orElse(0);
    long before = released;
    boolean changed = false;
    while (!pending.isEmpty() && pending.peek().revision() <= safe) {
      Pending p = pending.poll();
      changed = true;
      if (p.put() != null) {
        log.put(p.revision(), p.put());
      } else if (p.delete() != null) {
        log.delete(p.revision(), p.delete());
      } else {
        boolean differs = log.replaceKind(p.resetKind(), p.resetItems());
        kinds.get(p.resetKind()).listed = true;
        // Watchers already at this revision lack what the list changed: they must re-list too.
        log.compactThrough(differs && p.revision() <= before ? p.revision() + 1 : p.revision());
      }
    }
    if (safe > released) {
      released = safe;
      changed = true;
    }
    if (changed) {
      notifyAll();
      hooks.released();
    }
    if (!pending.isEmpty() || !ready()) hooks.probeNeeded();
  }

  private boolean ready() {
    for (KindStream k : kinds.values()) {
      if (!k.listed) return false;
    }
    return log.compactedThrough() <= released;
  }

  private void requireReady(long timeoutMillis) {
    if (!ready() && !awaitReady(timeoutMillis)) {
      throw new IllegalStateException("the Kubernetes store has not caught up with the API server in "
          + timeoutMillis + " ms (a kind is being re-listed, or its CRD is missing); try again");
    }
  }

  private boolean await(java.util.function.BooleanSupplier condition, long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (!condition.getAsBoolean() && !closed) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) return false;
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  private KindStream stream(String kind) {
    KindStream k = kinds.get(kind);
    if (k == null) throw new IllegalArgumentException("not a kind of this store: " + kind);
    return k;
  }
}
