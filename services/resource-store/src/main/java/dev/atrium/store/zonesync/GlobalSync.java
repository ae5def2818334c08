package dev.atrium.store.zonesync;

import dev.atrium.store.config.StoreConfig;
import dev.atrium.api.store.v1.Store;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.multizone.GlobalCopies;
import dev.atrium.core.multizone.WriteRules;
import dev.atrium.follow.Change;
import dev.atrium.follow.ResourceIndex;
import dev.atrium.follow.StoreFollower;
import dev.atrium.follow.WatchRetry;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.service.ResourceNotFoundException;
import dev.atrium.store.service.ResourceService;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * A zone's copy of what global provides (ADR 0020): follows global's Store Watch for
 * {@link GlobalCopies#KINDS} — from the state, then every change in revision order, resuming after a
 * cut from the last revision applied ({@link StoreFollower}) — and writes each resource's zone copy
 * ({@link GlobalCopies#toZone}) through this store's own service, so the zone's Watch, and with it its
 * xds-server, sees global's policies as local ones. When global's whole state is (re)loaded, copies
 * whose original is gone are deleted. An unchanged copy is not written again, so a resync after a cut
 * changes nothing that did not change.
 *
 * <p>Writes run on one thread of their own, in the order global made them: a mesh's resources after
 * their Mesh. A copy this store refuses (a mesh still missing, a rule that changed) is logged and
 * skipped; the next change or resync of that resource writes it again.
 */
@ApplicationScoped
public class GlobalSync {
  private static final Logger LOG = Logger.getLogger(GlobalSync.class);

  private final ResourceService local;
  private final StoreFollower follower;
  /** This zone: another zone's ZoneIngress is copied here, this zone's own is not. */
  private final String zone;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "atrium-global-sync");
    t.setDaemon(true);
    return t;
  });

  public GlobalSync(ResourceService local, @GrpcClient("global") Store global, @GrpcClient("global") Channel channel,
      StoreConfig config) {
    this.local = local;
    this.zone = config.zone();
    this.follower = new StoreFollower(global, GlobalCopies.KINDS,
        new WatchRetry(Duration.ofMillis(200), Duration.ofSeconds(10), channel));
  }

  /** Starts following global; returns at once. */
  public void start() {
    follower.start(new StoreFollower.Listener() {
      @Override
      public void changed(List<Change> changes) {
        writer.execute(() -> changes.forEach(GlobalSync.this::apply));
      }

      @Override
      public void loaded(List<Change> meshes) {
        writer.execute(GlobalSync.this::reconcile);
      }
    });
    LOG.info("following the global control plane's resources");
  }

  public void stop() {
    follower.stop();
    writer.shutdownNow();
  }

  /** Whether global's state has been loaded at least once (readiness, tests). */
  public boolean synced() {
    return follower.synced();
  }

  private void apply(Change c) {
    if (c.before() != null && GlobalCopies.sentTo(c.before(), zone)
        && (c.after() == null || !GlobalCopies.sentTo(c.after(), zone))) {
      delete(GlobalCopies.toZone(c.before()));
    }
    if (c.after() != null && GlobalCopies.sentTo(c.after(), zone)) write(GlobalCopies.toZone(c.after()));
  }

  /** Makes the zone's copies what global holds now: every copy written, every orphan deleted. */
  private void reconcile() {
    ResourceIndex index = follower.index();
    List<Resource> desired = new ArrayList<>();
    for (String mesh : index.meshNames()) index.mesh(mesh).ifPresent(desired::add);
    for (String mesh : index.meshNames()) {
      for (ResourceKind kind : GlobalCopies.KINDS) {
        if (kind.isMeshScoped()) desired.addAll(index.all(kind, mesh));
      }
    }
    desired.addAll(index.all(ResourceKind.ZONE_INGRESS, null));
    Set<String> keep = new HashSet<>();
    for (Resource r : desired) {
      if (!GlobalCopies.sentTo(r, zone)) continue;
      Resource copy = GlobalCopies.toZone(r);
      keep.add(key(copy));
      write(copy);
    }
    // Orphans: mesh-scoped kinds first, Meshes last (a Mesh goes only once its resources have).
    List<ResourceKind> kinds = new ArrayList<>(GlobalCopies.KINDS);
    kinds.remove(ResourceKind.MESH);
    kinds.add(ResourceKind.MESH);
    int deleted = 0;
    for (ResourceKind kind : kinds) {
      for (Resource copy : local.list(kind, null)) {
        boolean aCopy = "global".equals(copy.meta().labels().get(WriteRules.ORIGIN_LABEL)) || GlobalCopies.isOtherZones(copy, zone);
        if (aCopy && !keep.contains(key(copy)) && delete(copy)) {
          deleted++;
        }
      }
    }
    LOG.infof("global's state loaded: %d resources, %d copies whose original is gone deleted", keep.size(), deleted);
  }

  private void write(Resource copy) {
    try {
      Optional<Resource> existing = local.get(copy.kind(), copy.mesh(), copy.name());
      if (existing.isPresent() && existing.get().spec().equals(copy.spec())
          && existing.get().meta().labels().entrySet().containsAll(copy.meta().labels().entrySet())) {
        return;
      }
      local.put(copy, StoreBackend.ANY_VERSION);
    } catch (RuntimeException e) {
      LOG.warnf("global's %s not copied into this zone: %s", copy.describe(), e.getMessage());
    }
  }

  private boolean delete(Resource copy) {
    try {
      local.delete(copy.kind(), copy.mesh(), copy.name(), StoreBackend.ANY_VERSION);
      return true;
    } catch (ResourceNotFoundException gone) {
      return false;
    } catch (RuntimeException e) {
      LOG.warnf("the zone's copy %s of a resource global deleted stays: %s", copy.describe(), e.getMessage());
      return false;
    }
  }

  private static String key(Resource r) {
    return r.kind() + "/" + r.mesh() + "/" + r.name();
  }
}
