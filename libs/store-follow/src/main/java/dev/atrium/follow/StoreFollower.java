package dev.atrium.follow;

import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Follows the resource-store's Watch for the life of the process: the initial state, then every
 * change in revision order, into a {@link ResourceIndex}. After a broken stream it resumes from the
 * last revision it applied (no event lost or applied twice), as soon as the store answers again
 * ({@link WatchRetry}); if that revision was compacted it re-lists from scratch. A listing is collected whole and
 * swapped in at SYNCED, so readers never see half a state. What this build cannot use (an unknown
 * kind, a spec it cannot read) is skipped with a warning rather than stalling the stream.
 */
public final class StoreFollower {
  private static final Logger LOG = Logger.getLogger(StoreFollower.class);

  /** Told of what was applied, on the follower's thread, once the index holds it. */
  public interface Listener {
    /** Changes that arrived after the state was loaded, in revision order. */
    void changed(List<Change> changes);

    /**
     * The store's whole state was listed (at start, or again after its history was compacted) and
     * swapped in. {@code meshes} holds one Mesh change, before to after, for every mesh that existed
     * before or after the swap: anything in those may differ.
     */
    void loaded(List<Change> meshes);
  }

  private final Store store;
  private final Set<ResourceKind> kinds;
  private final WatchRetry retry;
  private final ResourceIndex index = new ResourceIndex();
  private final Object revisionLock = new Object();
  // The last event applied: the index holds it and the listener was told. Written under revisionLock.
  private volatile long revision;
  private volatile boolean synced;
  // Only the stream's thread touches these: one event at a time, and a reconnect only after a failure.
  private boolean relisting = true;
  private List<Resource> relistBuffer = new ArrayList<>();
  private volatile Listener listener;
  private Cancellable subscription;

  /**
   * @param kinds what to watch; every other kind is left to the store to filter out
   * @param retry when a broken stream is reopened (on {@code store}'s channel)
   */
  public StoreFollower(Store store, Collection<ResourceKind> kinds, WatchRetry retry) {
    if (kinds.isEmpty()) throw new IllegalArgumentException("a follower needs at least one kind to watch");
    this.store = store;
    this.kinds = EnumSet.copyOf(kinds);
    this.retry = retry;
  }

  /** Starts following; {@code listener} hears of everything applied, in order. */
  public synchronized void start(Listener listener) {
    this.listener = listener;
    subscription = retry.reopening(this::openWatch, this::onStreamFailure)
        .subscribe().with(this::onEvent, e -> LOG.error("store watch ended", e));
  }

  public synchronized void stop() {
    if (subscription != null) subscription.cancel();
  }

  public ResourceIndex index() {
    return index;
  }

  /** True once the store's whole state is in the index (and stays true across a re-listing). */
  public boolean synced() {
    return synced;
  }

  /** The store revision the index reflects (and the listener has been told of). */
  public long revision() {
    return revision;
  }

  /**
   * Blocks until the index reflects {@code target} or {@code timeout} passes, and says which: a
   * writer's read-your-writes (the xds-server registers a Dataplane, then serves it).
   */
  public boolean awaitRevision(long target, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (revisionLock) {
      while (revision < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        revisionLock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private Multi<WatchEvent> openWatch() {
    long from = relisting ? 0 : revision;
    // A listing broken half-way starts over: what it collected may since have been deleted.
    if (relisting) relistBuffer = new ArrayList<>();
    LOG.debugf("opening store watch from revision %d", from);
    return store.watch(WatchRequest.newBuilder().setFromRevision(from)
        .addAllKinds(kinds.stream().map(ResourceKind::typeName).toList()).build());
  }

  private void onStreamFailure(Throwable t) {
    if (Status.fromThrowable(t).getCode() == Status.Code.OUT_OF_RANGE) {
      LOG.warnf("store history no longer reaches revision %d; re-listing", revision);
      relisting = true;
    } else {
      LOG.warnf("store watch broke at revision %d (%s); resuming", revision, t.getMessage());
    }
  }

  private void onEvent(WatchEvent e) {
    switch (e.getType()) {
      case SYNCED -> {
        if (relisting) finishRelist();
        advance(e.getRevision());
      }
      case PUT, DELETE -> apply(e);
      default -> { }
    }
  }

  private void apply(WatchEvent e) {
    var key = e.getResource().getKey();
    ResourceKind kind = ResourceKind.byTypeName(key.getKind()).filter(kinds::contains).orElse(null);
    if (kind == null) {
      skip(e, "not a kind this service follows"); // e.g. a newer store's kind
      return;
    }
    boolean put = e.getType() == WatchEvent.Type.PUT;
    Resource after;
    try {
      after = put ? toResource(kind, e.getResource()) : null;
    } catch (RuntimeException ex) {
      skip(e, ex.getMessage()); // e.g. a field a newer store accepts and this build does not know
      return;
    }
    if (relisting) {
      // Not advanced: the index does not hold the listing until SYNCED swaps it in.
      if (put) relistBuffer.add(after);
      return;
    }
    String mesh = kind == ResourceKind.MESH ? key.getName() : key.getMesh();
    Resource before = put ? index.put(after).orElse(null) : index.remove(kind, mesh, key.getName()).orElse(null);
    Change change = new Change(kind, mesh, key.getName(), before, after);
    tell(() -> listener.changed(List.of(change)));
    advance(e.getRevision());
  }

  private void skip(WatchEvent e, String why) {
    var key = e.getResource().getKey();
    LOG.warnf("skipping %s %s/%s at revision %d: %s", key.getKind(), key.getMesh(), key.getName(), e.getRevision(), why);
    if (!relisting) advance(e.getRevision());
  }

  private void finishRelist() {
    Set<String> meshes = new TreeSet<>(index.meshNames());
    Map<String, Resource> before = new HashMap<>();
    meshes.forEach(mesh -> index.mesh(mesh).ifPresent(r -> before.put(mesh, r)));
    index.replaceAll(relistBuffer);
    meshes.addAll(index.meshNames());
    List<Change> changes = meshes.stream()
        .map(mesh -> new Change(ResourceKind.MESH, mesh, mesh, before.get(mesh), index.mesh(mesh).orElse(null)))
        .toList();
    relistBuffer = new ArrayList<>();
    relisting = false;
    synced = true;
    LOG.infof("store state loaded: %d meshes", index.meshNames().size());
    tell(() -> listener.loaded(changes));
  }

  /** A listener's failure is its own: the stream, and every later change, go on. */
  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException ex) {
      LOG.error("change listener failed", ex);
    }
  }

  private void advance(long to) {
    synchronized (revisionLock) {
      if (to > revision) revision = to;
      revisionLock.notifyAll();
    }
  }

  private static Resource toResource(ResourceKind kind, dev.atrium.api.store.v1.Resource proto) {
    ResourceMeta meta = new ResourceMeta(kind.isMeshScoped() ? proto.getKey().getMesh() : null, proto.getKey().getName(),
        proto.getLabelsMap(), instant(proto.getCreationTime()), instant(proto.getModificationTime()), proto.getVersion());
    return new Resource(kind, meta, ResourceCodec.decodeSpec(kind, proto.getSpecJson()));
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return t.getSeconds() == 0 && t.getNanos() == 0 ? null : Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
