package dev.atrium.xds.reconcile;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import dev.atrium.core.multizone.AvailableServices;
import dev.atrium.xds.ingress.AvailableServicesWriter;
import java.util.function.BiConsumer;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.xds.RefusedPatchException;
import dev.atrium.follow.Change;
import dev.atrium.follow.ResourceIndex;
import dev.atrium.follow.StoreFollower;
import dev.atrium.xds.ads.AdsServer;
import dev.atrium.xds.ads.ProxyId;
import dev.atrium.xds.ads.ProxyStreams;
import dev.atrium.xds.identity.IdentityException;
import dev.atrium.xds.identity.IdentityIssuer;
import dev.atrium.xds.identity.ProxyKeyAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.atrium.core.translate.OtherMeshes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Keeps every connected proxy's snapshot equal to what its resources say, driven by events: store
 * changes and proxies connecting. Work runs on one thread, so reconciles never race; changes that
 * arrive while it is busy coalesce into the next pass. Only the pure translation of a batch's proxies
 * spreads over the cores ({@link BatchTranslator}); its results are published here, in order. A proxy whose config cannot be generated keeps
 * its last good one — an invalid config never reaches Envoy.
 *
 * <p>A proxy certificate's renewal is one more event: after each publish a timer is set for the
 * moment the proxy's certificate is due ({@link IdentityIssuer}), and when it fires the proxy is
 * marked dirty like any other change — no loop polls the fleet. The renewal changes the SDS secrets
 * only, so only SDS is pushed.
 */
public final class ProxyReconciler implements ProxyStreams.ProxyLifecycle, StoreFollower.Listener {
  private static final Logger LOG = Logger.getLogger(ProxyReconciler.class);
  private static final int FORGET_ATTEMPTS = 50;
  private static final long FORGET_RETRY_MS = 100;

  private final ResourceIndex index;
  private final SnapshotPublisher publisher;
  private final AdsServer ads;
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "atrium-reconcile");
    t.setDaemon(true);
    return t;
  });
  private final Set<ProxyId> connected = ConcurrentHashMap.newKeySet();
  private final DependencyIndex deps = new DependencyIndex(); // reconcile thread only
  private final Set<ProxyId> dirty = new LinkedHashSet<>(); // guarded by this
  private boolean scheduled; // guarded by this
  private long firstDirtyNanos; // guarded by this: when the oldest change the next pass handles arrived
  private final dev.atrium.xds.ads.XdsObserver observer;
  private final IdentityIssuer identities;
  private final Clock clock;
  /** Translates the proxies of a batch on every core while this class's thread publishes them in order. */
  private final BatchTranslator translator = BatchTranslator.perCore();
  /** Each proxy's renewal timer and the instant it is for (reconcile thread only). */
  private final Map<ProxyId, Renewal> renewals = new HashMap<>();
  /** Proxies whose config trusts every mesh's CA: any mesh's CA change concerns them (reconcile thread only). */
  private final Set<ProxyId> allMeshesCaUsers = new HashSet<>();
  /** Proxies with outbounds into other meshes (cross-mesh gateways), by the mesh they read (reconcile thread only). */
  private final CrossMeshUsers crossMeshUsers = new CrossMeshUsers();

  private record Renewal(Instant at, ScheduledFuture<?> timer) {}

  private static final BiConsumer<Resource, List<ZoneIngressSpec.AvailableService>> NO_WRITES = (ingress, services) -> {};
  private volatile BiConsumer<Resource, List<ZoneIngressSpec.AvailableService>> availableServices = NO_WRITES;

  public ProxyReconciler(ResourceIndex index, AdsServer ads) {
    this(index, ads, dev.atrium.xds.ads.XdsObserver.NONE);
  }

  public ProxyReconciler(ResourceIndex index, AdsServer ads, dev.atrium.xds.ads.XdsObserver observer) {
    this(index, ads, observer, new IdentityIssuer(Clock.systemUTC(), ProxyKeyAlgorithm.ECDSA_P256), Clock.systemUTC());
  }

  /** @param clock the issuer's clock, which renewal timers are computed against */
  public ProxyReconciler(ResourceIndex index, AdsServer ads, dev.atrium.xds.ads.XdsObserver observer,
      IdentityIssuer identities, Clock clock) {
    this.index = index;
    this.ads = ads;
    this.identities = identities;
    this.clock = clock;
    this.observer = observer;
    this.publisher = new SnapshotPublisher(ads, observer, identities);
  }

  /** Store changes, in order, from the follower. */
  @Override
  public void changed(List<Change> changes) {
    Instant now = clock.instant();
    for (Change c : changes) {
      Instant written = c.after() == null ? null : c.after().meta().modificationTime();
      if (written != null) observer.changeReceived(Duration.between(written, now));
    }
    reconcileAffected(changes);
  }

  /**
   * A (re)loaded store state: every proxy of a mesh in {@code meshes} may have a different config. Not a
   * live change: its resources' ages say nothing of the Watch, so they are not timed.
   */
  @Override
  public void loaded(List<Change> meshes) {
    reconcileAffected(meshes);
  }

  private void reconcileAffected(List<Change> changes) {
    long arrived = System.nanoTime();
    for (Change c : changes) {
      // A deleted Dataplane's proxy, if gone too, leaves nothing behind (its status included).
      if (c.kind() == ResourceKind.DATAPLANE && c.isDeletion()) ads.streams().forget(new ProxyId(c.mesh(), c.name()));
    }
    worker.execute(() -> {
      Set<ProxyId> affected = new HashSet<>(AffectedProxies.of(changes, connected, deps, index, allMeshesCaUsers));
      // A change in a mesh also reaches the proxies whose outbounds lead into it (its cross-mesh gateways).
      for (Change c : changes) affected.addAll(crossMeshUsers.usersOf(c.kind() == ResourceKind.MESH ? c.name() : c.mesh()));
      affected.retainAll(connected);
      markDirty(affected, arrived);
    });
  }

  @Override
  public void connected(ProxyId id) {
    connected.add(id);
    markDirty(Set.of(id), System.nanoTime());
  }

  @Override
  public void disconnected(ProxyId id) {
    connected.remove(id);
    // A stopping server closes every stream after its worker stopped: nothing is left to clean up.
    if (worker.isShutdown()) return;
    worker.execute(() -> {
      deps.remove(id);
      // Its certificate and key go with it (memory only, as Kuma's): a reconnect gets a fresh one.
      cancelRenewal(id);
      allMeshesCaUsers.remove(id);
      crossMeshUsers.remove(id);
      if (!connected.contains(id)) identities.forget(id);
      forget(id, 1);
    });
  }

  /**
   * Drops the proxy's snapshot. java-control-plane tells of a closed stream before it cancels the
   * stream's watches, and refuses to clear a snapshot that still has watches: try again shortly, until
   * it is cleared or the proxy is back.
   */
  private void forget(ProxyId id, int attempt) {
    if (connected.contains(id) || publisher.forget(id)) return;
    if (attempt >= FORGET_ATTEMPTS) {
      LOG.warnf("snapshot of %s not cleared: its watches are still open", id);
      return;
    }
    worker.schedule(() -> forget(id, attempt + 1), FORGET_RETRY_MS, TimeUnit.MILLISECONDS);
  }

  private void markDirty(Set<ProxyId> proxies, long arrivedNanos) {
    if (proxies.isEmpty()) return;
    synchronized (this) {
      if (dirty.isEmpty()) firstDirtyNanos = arrivedNanos;
      dirty.addAll(proxies);
      if (scheduled) return;
      scheduled = true;
    }
    worker.execute(this::reconcileDirty);
  }

  private void reconcileDirty() {
    long start = System.nanoTime();
    long arrived;
    Set<ProxyId> batch;
    synchronized (this) {
      arrived = firstDirtyNanos;
      batch = new LinkedHashSet<>(dirty);
      dirty.clear();
      scheduled = false;
    }
    // One snapshot per mesh for the whole batch: every translation in it reads the same state. Workers
    // translating the batch ask for other meshes too (cross-mesh outbounds), hence a concurrent map.
    Map<String, Optional<MeshSnapshot>> meshes = new ConcurrentHashMap<>();
    OtherMeshes others = name -> meshes.computeIfAbsent(name, index::snapshot);
    List<ProxyId> present = new ArrayList<>();
    List<Resource> ingresses = new ArrayList<>();
    for (ProxyId id : batch) {
      if (!connected.contains(id)) continue;
      if (id.isIngress()) {
        index.get(ResourceKind.ZONE_INGRESS, null, id.name()).ifPresent(ingresses::add);
        continue;
      }
      MeshSnapshot mesh = others.snapshot(id.mesh()).orElse(null);
      if (mesh == null) continue;
      if (mesh.dataplane(id.name()).isEmpty()) {
        // Deleted while its proxy runs: leave the proxy on its last config rather than emptying it.
        deps.remove(id);
        continue;
      }
      present.add(id);
    }
    // Translation (pure) on the workers; certificates, indexes and pushes here, in batch order.
    translator.forEachInOrder(present,
        id -> SnapshotPublisher.translate(others.snapshot(id.mesh()).orElseThrow(), id, others),
        (id, translated) -> publish(others.snapshot(id.mesh()).orElseThrow(), id, translated, others));
    if (!ingresses.isEmpty()) {
      List<MeshSnapshot> all = index.meshNames().stream().map(others::snapshot).flatMap(Optional::stream).toList();
      for (Resource ingress : ingresses) publishIngress(ingress, all);
    }
    observer.reconciled(Duration.ofNanos(start - arrived), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * A ZoneIngress reads every mesh: its config passes the other zones' traffic to this zone's services,
   * and it tells them which those are ({@link AvailableServicesWriter}) — only an ingress of this zone
   * (no {@code zone} yet: global sets it), never another zone's copy.
   */
  private void publishIngress(Resource ingress, List<MeshSnapshot> meshes) {
    ProxyId id = ProxyId.ingress(ingress.name());
    try {
      publisher.publish(null, id, SnapshotPublisher.translateIngress(ingress, meshes), List::of);
      ZoneIngressSpec spec = ingress.specAs(ZoneIngressSpec.class);
      if (spec.zone() == null || spec.zone().isEmpty()) availableServices.accept(ingress, AvailableServices.of(meshes));
    } catch (RuntimeException e) {
      LOG.errorf(e, "config for ZoneIngress %s not generated; the proxy keeps its last good config", ingress.name());
    }
  }

  /** Where the available services of this zone's ingresses are written (the store; nowhere by default). */
  public void availableServicesWriter(AvailableServicesWriter writer) {
    this.availableServices = writer == null ? NO_WRITES : writer::update;
  }

  private void publish(MeshSnapshot mesh, ProxyId id, BatchTranslator.Outcome<SnapshotPublisher.Translation> translated,
      OtherMeshes others) {
    try {
      crossMeshUsers.update(id, CrossMeshUsers.meshesRead(mesh.name(), mesh.dataplane(id.name()).orElseThrow()));
      if (translated.error() != null) throw translated.error();
      SnapshotPublisher.Published published = publisher.publish(mesh, id, translated.value(),
          () -> index.meshNames().stream().map(others::snapshot).flatMap(Optional::stream).toList());
      deps.update(id, published.services());
      if (published.allMeshesCa()) allMeshesCaUsers.add(id); else allMeshesCaUsers.remove(id);
      scheduleRenewal(id, published.renewAt());
    } catch (IdentityException e) {
      // Expected until a CA exists (e.g. just after mTLS is enabled): the reason, without a stack trace.
      LOG.errorf("config for %s not generated; the proxy keeps its last good config: %s", id, e.getMessage());
    } catch (RefusedPatchException e) {
      // A user's MeshProxyPatch/ProxyTemplate broke the config: the policy and the reason, no stack trace.
      LOG.errorf("config for %s refused; the proxy keeps its last good config: %s", id, e.getMessage());
    } catch (RuntimeException e) {
      LOG.errorf(e, "config for %s not generated; the proxy keeps its last good config", id);
    }
  }

  /** One timer per proxy, for the instant its certificate is due; replaced when that instant moves. */
  private void scheduleRenewal(ProxyId id, Instant at) {
    Renewal current = renewals.get(id);
    if (current != null && current.at().equals(at) && !current.timer().isDone()) return;
    cancelRenewal(id);
    if (at == null) return;
    // A few ms late rather than early: the issuer renews once its clock has passed the instant.
    long delayMs = Math.max(0, Duration.between(clock.instant(), at).toMillis()) + 5;
    renewals.put(id, new Renewal(at, worker.schedule(() -> markDirty(Set.of(id), System.nanoTime()), delayMs, TimeUnit.MILLISECONDS)));
  }

  private void cancelRenewal(ProxyId id) {
    Renewal r = renewals.remove(id);
    if (r != null) r.timer().cancel(false);
  }

  /** The issuer of proxy certificates (status and tests read it). */
  public IdentityIssuer identities() {
    return identities;
  }

  /** How many proxies have an open ADS stream. */
  public int connectedCount() {
    return connected.size();
  }

  public void shutdown() {
    worker.shutdownNow();
    translator.close();
  }

}
