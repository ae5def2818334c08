package dev.atrium.metrics.reconcile;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.follow.Change;
import dev.atrium.follow.ResourceIndex;
import dev.atrium.follow.StoreFollower;
import dev.atrium.metrics.meters.MeshMeters;
import dev.atrium.metrics.model.GatewayCount;
import dev.atrium.metrics.model.GatewayListeners;
import dev.atrium.metrics.model.HttpServiceDiscovery;
import dev.atrium.metrics.model.ListenerRoutes;
import dev.atrium.metrics.model.ProxyCount;
import dev.atrium.metrics.model.ProxyReport;
import dev.atrium.metrics.model.ScrapeTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Turns changes into what is published, on one thread: a change marks its mesh dirty and schedules a
 * run; a run recomputes every dirty mesh and publishes the whole (the discovery document, the
 * gauges). A burst of events becomes one run. Two levels of dirty, because DataplaneInsights change on
 * every ACK of every proxy: an insight recomputes only the {@link ProxyReport}; anything else also the
 * {@link GatewayListeners} (a translation per gateway).
 */
public final class MeshUpdater implements StoreFollower.Listener {
  private static final Logger LOG = Logger.getLogger(MeshUpdater.class);

  /** What the discovery endpoint serves: one immutable value, swapped whole. */
  public record Published(List<ScrapeTarget> targets, String document) {
    static final Published NONE = new Published(List.of(), "[]");
  }

  private final ResourceIndex index;
  private final MeshMeters meters;
  private final BooleanSupplier loaded;
  private final Set<String> dirtyProxies = ConcurrentHashMap.newKeySet();
  private final Set<String> dirtyListeners = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "atrium-metrics-update");
    t.setDaemon(true);
    return t;
  });
  // Only the update thread touches these two.
  private final Map<String, ProxyReport> proxies = new TreeMap<>();
  private final Map<String, List<ListenerRoutes>> listeners = new TreeMap<>();
  private volatile Published published = Published.NONE;
  private volatile boolean ready;

  /** {@code loaded}: whether the follower has the store's whole state (nothing is served before). */
  public MeshUpdater(ResourceIndex index, MeshMeters meters, BooleanSupplier loaded) {
    this.index = index;
    this.meters = meters;
    this.loaded = loaded;
  }

  /** Store events after the initial state: each marks its mesh. */
  @Override
  public void changed(List<Change> changes) {
    changes.forEach(c -> markDirty(c.mesh(), c.kind()));
    schedule();
  }

  /** The store's whole state, (re)loaded: every mesh it may have changed is recomputed. */
  @Override
  public void loaded(List<Change> meshes) {
    meshes.forEach(c -> markDirty(c.mesh(), c.kind()));
    schedule();
  }

  private void markDirty(String mesh, ResourceKind kind) {
    dirtyProxies.add(mesh);
    if (kind != ResourceKind.DATAPLANE_INSIGHT) dirtyListeners.add(mesh);
  }

  /** The latest discovery document and its targets. */
  public Published published() {
    return published;
  }

  /** True once what is published reflects the store's whole state. */
  public boolean ready() {
    return ready;
  }

  public void shutdown() {
    thread.shutdownNow();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) thread.execute(this::run);
  }

  private void run() {
    // Cleared first: a change arriving from here on schedules another run.
    scheduled.set(false);
    boolean complete = loaded.getAsBoolean();
    try {
      for (String mesh : drain(dirtyProxies)) updateProxies(mesh);
      for (String mesh : drain(dirtyListeners)) updateListeners(mesh);
      publish();
      if (complete) ready = true;
    } catch (RuntimeException e) {
      LOG.error("updating the mesh metrics failed", e);
    }
  }

  private void updateProxies(String mesh) {
    Optional<MeshSnapshot> snapshot = index.snapshot(mesh);
    if (snapshot.isEmpty()) {
      proxies.remove(mesh);
      return;
    }
    meters.updateTimer().record(() -> proxies.put(mesh, ProxyReport.of(snapshot.get())));
  }

  private void updateListeners(String mesh) {
    Optional<MeshSnapshot> snapshot = index.snapshot(mesh);
    if (snapshot.isEmpty()) {
      listeners.remove(mesh);
      return;
    }
    try {
      meters.updateTimer().record(() -> listeners.put(mesh, GatewayListeners.of(snapshot.get())));
    } catch (RuntimeException e) {
      // One mesh's gateway report failing must not stop the others' (nor the discovery document).
      LOG.errorf(e, "gateway listener report of mesh %s failed; keeping the previous one", mesh);
    }
  }

  private void publish() {
    List<ScrapeTarget> targets = new ArrayList<>();
    List<ProxyCount> proxyCounts = new ArrayList<>();
    List<GatewayCount> gatewayCounts = new ArrayList<>();
    for (ProxyReport r : proxies.values()) {
      targets.addAll(r.targets());
      proxyCounts.addAll(r.proxies());
      gatewayCounts.addAll(r.gateways());
    }
    List<ListenerRoutes> routes = new ArrayList<>();
    listeners.values().forEach(routes::addAll);
    published = new Published(List.copyOf(targets), HttpServiceDiscovery.json(targets));
    meters.publish(proxyCounts, gatewayCounts, routes, targets.size());
  }

  private static List<String> drain(Set<String> dirty) {
    List<String> out = new ArrayList<>();
    for (String mesh : List.copyOf(dirty)) {
      if (dirty.remove(mesh)) out.add(mesh);
    }
    out.sort(null);
    return out;
  }
}
