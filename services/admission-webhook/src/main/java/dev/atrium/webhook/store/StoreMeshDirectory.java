package dev.atrium.webhook.store;

import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.webhook.admission.LookupUnavailableException;
import dev.atrium.webhook.mesh.MeshDirectory;
import dev.atrium.follow.WatchRetry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Meshes as the resource-store knows them, followed with the Store Watch (Mesh kind only) for the
 * life of the process. Every (re)connection lists from scratch: meshes are few, so resuming from a
 * revision would save nothing. A name the followed copy lacks is confirmed with a Get before a Pod is
 * refused, so a Mesh created a moment before its first Pod is not missed.
 */
public final class StoreMeshDirectory implements MeshDirectory {
  private static final Logger LOG = Logger.getLogger(StoreMeshDirectory.class);
  private static final String MESH = ResourceKind.MESH.typeName();

  private final Store store;
  private final StoreGrpc.StoreBlockingStub blocking;
  private final Duration lookupTimeout;
  private final WatchRetry retry;
  private volatile Set<String> meshes = ConcurrentHashMap.newKeySet();
  private volatile boolean synced;
  // Only the watch's delivery (one stream at a time) touches these two.
  private boolean listing;
  private Set<String> listed = new HashSet<>();
  private Cancellable subscription;

  public StoreMeshDirectory(Store store, StoreGrpc.StoreBlockingStub blocking, Duration lookupTimeout,
      WatchRetry retry) {
    this.store = store;
    this.blocking = blocking;
    this.lookupTimeout = lookupTimeout;
    this.retry = retry;
  }

  public synchronized void start() {
    subscription = retry.reopening(this::openWatch,
            e -> LOG.warnf("store watch of meshes broke (%s); re-listing", e.getMessage()))
        .subscribe().with(this::onEvent, e -> LOG.error("store watch of meshes ended", e));
  }

  public synchronized void stop() {
    if (subscription != null) subscription.cancel();
  }

  @Override
  public boolean ready() {
    return synced;
  }

  @Override
  public boolean exists(String mesh) {
    if (meshes.contains(mesh)) return true;
    try {
      blocking.withDeadlineAfter(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .get(GetRequest.newBuilder().setKey(ResourceKey.newBuilder().setKind(MESH).setName(mesh)).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return false;
      throw new LookupUnavailableException("cannot ask the resource-store whether mesh \"" + mesh + "\" exists: " + e.getStatus(), e);
    }
  }

  private Multi<WatchEvent> openWatch() {
    listing = true;
    listed = new HashSet<>();
    return store.watch(WatchRequest.newBuilder().addKinds(MESH).build());
  }

  private void onEvent(WatchEvent e) {
    String name = e.getResource().getKey().getName();
    switch (e.getType()) {
      case SYNCED -> {
        if (listing) {
          Set<String> fresh = ConcurrentHashMap.newKeySet();
          fresh.addAll(listed);
          meshes = fresh;
          listing = false;
          if (!synced) LOG.infof("meshes loaded from the store: %s", fresh);
          synced = true;
        }
      }
      case PUT -> {
        if (listing) listed.add(name);
        else meshes.add(name);
      }
      case DELETE -> {
        if (listing) listed.remove(name);
        else meshes.remove(name);
      }
      default -> { }
    }
  }
}
