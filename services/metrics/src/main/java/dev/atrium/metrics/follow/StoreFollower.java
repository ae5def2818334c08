package dev.atrium.metrics.follow;

import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.metrics.config.MetricsConfig;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Follows the resource-store's Watch for the kinds the metrics depend on: the initial state, then each
 * change in revision order, into a {@link ResourceIndex}. A broken stream resumes from the last
 * revision applied; a compacted one is re-listed whole and swapped in at SYNCED. Each change is
 * reported to one {@link ChangeListener} as (mesh, kind), after the index has it.
 */
@Singleton
public class StoreFollower {
  private static final Logger LOG = Logger.getLogger(StoreFollower.class);

  /**
   * What the targets and gauges read. Secrets are left out on purpose: they only decide whether an
   * HTTPS listener can be served, not which routes attach to it, and this service has no use for
   * key material. MeshGatewayInstance is Kubernetes deployment detail.
   */
  public static final List<ResourceKind> WATCHED_KINDS = List.of(ResourceKind.MESH, ResourceKind.DATAPLANE,
      ResourceKind.DATAPLANE_INSIGHT, ResourceKind.MESH_GATEWAY, ResourceKind.MESH_GATEWAY_ROUTE,
      ResourceKind.MESH_HTTP_ROUTE, ResourceKind.MESH_TCP_ROUTE);

  /** Told of every change once the index holds it. */
  public interface ChangeListener {
    /** Something of {@code kind} changed in {@code mesh} (for a Mesh: the mesh itself). */
    void changed(String mesh, ResourceKind kind);

    /** The whole state was (re)loaded; every mesh that changed was reported just before. */
    default void loaded() {}
  }

  private final Store store;
  private final MetricsConfig config;
  private final ResourceIndex index = new ResourceIndex();
  private final Counter puts;
  private final Counter deletes;
  private volatile long revision;
  private volatile boolean synced;
  private boolean relisting = true; // only the stream's thread touches it
  private List<Resource> relistBuffer = new ArrayList<>();
  private ChangeListener listener = (mesh, kind) -> {};
  private Cancellable subscription;

  public StoreFollower(@GrpcClient("store") Store store, MetricsConfig config, MeterRegistry registry) {
    this.store = store;
    this.config = config;
    this.puts = events(registry, "put");
    this.deletes = events(registry, "delete");
  }

  public synchronized void start(ChangeListener onChange) {
    this.listener = onChange;
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

  /** True once the full initial state is in the index. */
  public boolean synced() {
    return synced;
  }

  public long revision() {
    return revision;
  }

  private Multi<WatchEvent> openWatch() {
    long from = relisting ? 0 : revision;
    // A listing broken half-way starts over: what it collected may since have been deleted.
    if (relisting) relistBuffer = new ArrayList<>();
    LOG.debugf("opening store watch from revision %d", from);
    return store.watch(WatchRequest.newBuilder().setFromRevision(from)
        .addAllKinds(WATCHED_KINDS.stream().map(ResourceKind::typeName).toList()).build());
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
        revision = Math.max(revision, e.getRevision());
      }
      case PUT, DELETE -> apply(e);
      default -> { }
    }
  }

  private void apply(WatchEvent e) {
    var key = e.getResource().getKey();
    ResourceKind kind = ResourceKind.byTypeName(key.getKind()).filter(WATCHED_KINDS::contains).orElse(null);
    if (kind != null) {
      boolean put = e.getType() == WatchEvent.Type.PUT;
      Resource resource;
      try {
        resource = put ? toResource(kind, e) : null;
      } catch (RuntimeException ex) {
        // A spec this build cannot read (a newer store's field): skip it rather than stall the stream.
        LOG.warnf("skipping %s %s/%s at revision %d: %s", kind.typeName(), key.getMesh(), key.getName(), e.getRevision(),
            ex.getMessage());
        revision = Math.max(revision, e.getRevision());
        return;
      }
      if (relisting) {
        // The initial list is collected whole and swapped in at SYNCED: never half a state.
        if (put) relistBuffer.add(resource);
      } else {
        String mesh = kind == ResourceKind.MESH ? key.getName() : key.getMesh();
        if (put) index.put(resource); else index.remove(kind, mesh, key.getName());
        (put ? puts : deletes).increment();
        notifyListener(mesh, kind);
      }
    }
    revision = Math.max(revision, e.getRevision());
  }

  private void finishRelist() {
    Set<String> meshes = new LinkedHashSet<>(index.meshNames());
    index.replaceAll(relistBuffer);
    meshes.addAll(index.meshNames());
    relistBuffer = new ArrayList<>();
    relisting = false;
    synced = true;
    LOG.infof("store state loaded: %d meshes", index.meshNames().size());
    for (String mesh : meshes) notifyListener(mesh, ResourceKind.MESH);
    try {
      listener.loaded();
    } catch (RuntimeException ex) {
      LOG.error("change listener failed", ex);
    }
  }

  private void notifyListener(String mesh, ResourceKind kind) {
    try {
      listener.changed(mesh, kind);
    } catch (RuntimeException ex) {
      LOG.error("change listener failed", ex);
    }
  }

  private static Resource toResource(ResourceKind kind, WatchEvent e) {
    var proto = e.getResource();
    ResourceMeta meta = new ResourceMeta(kind.isMeshScoped() ? proto.getKey().getMesh() : null, proto.getKey().getName(),
        proto.getLabelsMap(), instant(proto.getCreationTime()), instant(proto.getModificationTime()), proto.getVersion());
    return new Resource(kind, meta, ResourceCodec.decodeSpec(kind, proto.getSpecJson()));
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return t.getSeconds() == 0 && t.getNanos() == 0 ? null : Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static Counter events(MeterRegistry registry, String type) {
    return Counter.builder("atrium.metrics.store.events").tag("type", type)
        .description("Store Watch events applied after the initial state, by type (put, delete)").register(registry);
  }
}
