package dev.atrium.xds.follow;

import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.xds.config.XdsConfig;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Follows the resource-store's Watch for the life of the process: the initial state, then every
 * change in revision order. After a broken stream it resumes from the last revision it applied (no
 * event lost or applied twice); if that revision was compacted it re-lists from scratch. Changes are
 * handed to one listener in the order they happened.
 */
@Singleton
public class StoreFollower {
  private static final Logger LOG = Logger.getLogger(StoreFollower.class);

  /**
   * Every kind that shapes proxy config. DataplaneInsight is left out: this server writes those itself,
   * and receiving its own status writes back would be traffic with nothing to do.
   */
  static final List<String> WATCHED_KINDS = java.util.Arrays.stream(ResourceKind.values())
      .filter(k -> k != ResourceKind.DATAPLANE_INSIGHT).map(ResourceKind::typeName).toList();

  private final Store store;
  private final XdsConfig config;
  private final ResourceIndex index = new ResourceIndex();
  private final Object revisionLock = new Object();
  private volatile long revision; // guarded by revisionLock for writes; last applied event
  private volatile boolean synced;
  private boolean relisting = true; // only the follower's thread touches it
  private final List<Change> pending = new ArrayList<>();
  private List<Resource> relistBuffer = new ArrayList<>();
  private Consumer<List<Change>> listener = changes -> {};
  private Cancellable subscription;

  public StoreFollower(@GrpcClient("store") Store store, XdsConfig config) {
    this.store = store;
    this.config = config;
  }

  /** Starts following; {@code onChanges} receives each batch of changes in order. */
  public synchronized void start(Consumer<List<Change>> onChanges) {
    this.listener = onChanges;
    subscription = Multi.createFrom().deferred(this::openWatch)
        .onFailure().invoke(this::onStreamFailure)
        .onFailure().retry().withBackOff(config.storeRetryDelay(), config.storeMaxRetryDelay()).indefinitely()
        .subscribe().with(this::onEvent, e -> LOG.error("store watch ended", e));
  }

  public synchronized void stop() {
    if (subscription != null) subscription.cancel();
  }

  public ResourceIndex index() {
    return index;
  }

  /** True once the full initial state has been applied. */
  public boolean synced() {
    return synced;
  }

  public long revision() {
    return revision;
  }

  /** Blocks until this server has applied {@code target} (read-your-writes for bootstrap registration). */
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
    LOG.debugf("opening store watch from revision %d", from);
    return store.watch(WatchRequest.newBuilder().setFromRevision(from).addAllKinds(WATCHED_KINDS).build());
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
      case PUT, DELETE -> {
        if (ResourceKind.byTypeName(e.getResource().getKey().getKind()).isEmpty()) {
          advance(e.getRevision()); // a kind this server does not use (e.g. a newer store's)
        } else {
          apply(e, e.getType() == WatchEvent.Type.PUT ? toResource(e) : null);
        }
      }
      default -> { }
    }
  }

  private void apply(WatchEvent e, Resource after) {
    if (relisting) {
      // The initial list: collect it whole, then swap it in at SYNCED so readers never see half a state.
      if (after != null) relistBuffer.add(after);
      return;
    }
    ResourceKind kind = ResourceKind.byTypeName(e.getResource().getKey().getKind()).orElseThrow();
    String mesh = kind == ResourceKind.MESH ? e.getResource().getKey().getName() : e.getResource().getKey().getMesh();
    String name = e.getResource().getKey().getName();
    Resource before = after != null ? index.put(after).orElse(null) : index.remove(kind, mesh, name).orElse(null);
    pending.add(new Change(kind, mesh, name, before, after));
    advance(e.getRevision());
    flush();
  }

  private void finishRelist() {
    List<Change> changes = new ArrayList<>();
    for (String mesh : index.meshNames()) changes.add(new Change(ResourceKind.MESH, mesh, mesh, index.mesh(mesh).orElse(null), null));
    index.clear();
    for (Resource r : relistBuffer) index.put(r);
    for (String mesh : index.meshNames()) changes.add(new Change(ResourceKind.MESH, mesh, mesh, null, index.mesh(mesh).orElse(null)));
    relistBuffer = new ArrayList<>();
    relisting = false;
    synced = true;
    LOG.infof("store state loaded: %d meshes", index.meshNames().size());
    pending.addAll(changes);
    flush();
  }

  private void flush() {
    if (pending.isEmpty()) return;
    List<Change> batch = List.copyOf(pending);
    pending.clear();
    try {
      listener.accept(batch);
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

  private static Resource toResource(WatchEvent e) {
    var proto = e.getResource();
    ResourceKind kind = ResourceKind.byTypeName(proto.getKey().getKind()).orElseThrow();
    ResourceMeta meta = new ResourceMeta(kind.isMeshScoped() ? proto.getKey().getMesh() : null, proto.getKey().getName(),
        proto.getLabelsMap(), instant(proto.getCreationTime()), instant(proto.getModificationTime()), proto.getVersion());
    return new Resource(kind, meta, ResourceCodec.decodeSpec(kind, proto.getSpecJson()));
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return t.getSeconds() == 0 && t.getNanos() == 0 ? null : Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** For callers that only need to know whether a Dataplane exists right now. */
  public Optional<Resource> dataplane(String mesh, String name) {
    return index.get(ResourceKind.DATAPLANE, mesh, name);
  }
}
