package dev.atrium.webhook.controller.source;

import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.follow.WatchRetry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The store's Meshes, Dataplanes, MeshGateways and MeshGatewayInstances, followed with the Store Watch
 * for the life of the process. Every (re)connection lists from scratch and hands the listener only
 * what differs from the copy it had, so a broken stream loses nothing and repeats nothing the
 * controllers would act on.
 */
public final class StoreCache {
  private static final Logger LOG = Logger.getLogger(StoreCache.class);
  static final List<ResourceKind> KINDS = List.of(ResourceKind.MESH, ResourceKind.DATAPLANE, ResourceKind.MESH_GATEWAY,
      ResourceKind.MESH_GATEWAY_INSTANCE, ResourceKind.ZONE_INGRESS);

  /** A change to one resource: before or after is null when it appeared or went. */
  @FunctionalInterface
  public interface Listener {
    void changed(Resource before, Resource after);

    /** The Watch broke and is listed again (after the changes it brought): the store answers again. */
    default void resumed() { }
  }

  public record Key(ResourceKind kind, String mesh, String name) {
    static Key of(Resource r) {
      return new Key(r.kind(), r.kind().isMeshScoped() ? r.mesh() : null, r.name());
    }
  }

  private final Store store;
  private final WatchRetry retry;
  private final Index index = new Index();
  private volatile boolean synced;
  private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
  // Only the watch's delivery (one stream at a time) touches these two.
  private boolean listing;
  private Map<Key, Resource> listed = new HashMap<>();
  private Listener listener = (b, a) -> { };
  private Cancellable subscription;

  /** {@code retry}: when a broken Watch is reopened (as soon as the store answers again). */
  public StoreCache(Store store, WatchRetry retry) {
    this.store = store;
    this.retry = retry;
  }

  public synchronized void start(Listener onChange) {
    this.listener = onChange;
    subscription = retry.reopening(this::openWatch, e -> LOG.warnf("store watch broke (%s); re-listing", e.getMessage()))
        .subscribe().with(this::onEvent, e -> LOG.error("store watch ended", e));
  }

  public synchronized void stop() {
    if (subscription != null) subscription.cancel();
  }

  /** True once the first full state has been loaded. */
  public boolean synced() {
    return synced;
  }

  /**
   * Counts the changes handed on so far. A reader that built something from {@link #all} at generation
   * G may keep it while the generation is G (it is bumped after the index changed, so what was built
   * is never older than G).
   */
  public long generation() {
    return generation.get();
  }

  public List<Resource> all(ResourceKind kind) {
    return index.all(kind);
  }

  /** Every resource of {@code kind} with this name, whatever its mesh. */
  public List<Resource> named(ResourceKind kind, String name) {
    return index.named(kind, name);
  }

  private Multi<WatchEvent> openWatch() {
    listing = true;
    listed = new HashMap<>();
    return store.watch(WatchRequest.newBuilder().addAllKinds(KINDS.stream().map(ResourceKind::typeName).toList()).build());
  }

  private void onEvent(WatchEvent e) {
    switch (e.getType()) {
      case SYNCED -> {
        if (listing) finishListing();
      }
      case PUT -> decode(e).ifPresent(r -> {
        if (listing) listed.put(Key.of(r), r);
        else notify(index.put(Key.of(r), r), r);
      });
      case DELETE -> key(e).ifPresent(k -> {
        if (listing) listed.remove(k);
        else notify(index.remove(k), null);
      });
      default -> { }
    }
  }

  private void finishListing() {
    Set<Key> keys = new HashSet<>(index.keys());
    keys.addAll(listed.keySet());
    for (Key k : keys) {
      Resource after = listed.get(k);
      Resource before = after == null ? index.remove(k) : index.put(k, after);
      if (!Objects.equals(before, after)) notify(before, after);
    }
    listing = false;
    if (!synced) {
      LOG.infof("store state loaded: %d resources", index.size());
      synced = true;
    } else {
      LOG.infof("store watch resumed: %d resources", index.size());
      try {
        listener.resumed();
      } catch (RuntimeException ex) {
        LOG.error("store resume listener failed", ex);
      }
    }
  }

  private void notify(Resource before, Resource after) {
    generation.incrementAndGet();
    try {
      listener.changed(before, after);
    } catch (RuntimeException ex) {
      LOG.error("store change listener failed", ex);
    }
  }

  /** Resources by kind, then name, then mesh: a Pod's Dataplane is found by name without a scan. */
  private static final class Index {
    private final Map<ResourceKind, Map<String, Map<String, Resource>>> byKind = new ConcurrentHashMap<>();

    Resource put(Key k, Resource r) {
      return names(k.kind()).computeIfAbsent(k.name(), n -> new ConcurrentHashMap<>()).put(mesh(k), r);
    }

    Resource remove(Key k) {
      Map<String, Resource> meshes = names(k.kind()).get(k.name());
      if (meshes == null) return null;
      Resource removed = meshes.remove(mesh(k));
      if (meshes.isEmpty()) names(k.kind()).remove(k.name(), meshes);
      return removed;
    }

    List<Resource> named(ResourceKind kind, String name) {
      Map<String, Resource> meshes = names(kind).get(name);
      return meshes == null ? List.of() : List.copyOf(meshes.values());
    }

    List<Resource> all(ResourceKind kind) {
      return names(kind).values().stream().flatMap(m -> m.values().stream()).toList();
    }

    Set<Key> keys() {
      Set<Key> keys = new HashSet<>();
      byKind.values().forEach(names -> names.values().forEach(m -> m.values().forEach(r -> keys.add(Key.of(r)))));
      return keys;
    }

    int size() {
      return keys().size();
    }

    private Map<String, Map<String, Resource>> names(ResourceKind kind) {
      return byKind.computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
    }

    private static String mesh(Key k) {
      return k.mesh() == null ? "" : k.mesh();
    }
  }

  private static java.util.Optional<Key> key(WatchEvent e) {
    var k = e.getResource().getKey();
    return ResourceKind.byTypeName(k.getKind())
        .map(kind -> new Key(kind, kind.isMeshScoped() ? k.getMesh() : null, k.getName()));
  }

  private static java.util.Optional<Resource> decode(WatchEvent e) {
    var proto = e.getResource();
    var kind = ResourceKind.byTypeName(proto.getKey().getKind());
    if (kind.isEmpty()) return java.util.Optional.empty();
    try {
      ResourceMeta meta = new ResourceMeta(kind.get().isMeshScoped() ? proto.getKey().getMesh() : null,
          proto.getKey().getName(), proto.getLabelsMap(), instant(proto.getCreationTime()),
          instant(proto.getModificationTime()), proto.getVersion());
      return java.util.Optional.of(new Resource(kind.get(), meta, ResourceCodec.decodeSpec(kind.get(), proto.getSpecJson())));
    } catch (RuntimeException ex) {
      LOG.warnf("cannot read %s %s/%s from the store: %s", proto.getKey().getKind(), proto.getKey().getMesh(),
          proto.getKey().getName(), ex.getMessage());
      return java.util.Optional.empty();
    }
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return t.getSeconds() == 0 && t.getNanos() == 0 ? null : Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
