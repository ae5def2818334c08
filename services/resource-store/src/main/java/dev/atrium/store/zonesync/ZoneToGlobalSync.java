package dev.atrium.store.zonesync;

import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.ListRequest;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.multizone.ZoneCopies;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.config.StoreConfig;
import dev.atrium.store.service.StoredResources;
import dev.atrium.store.watch.WatchHub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Collections;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Global's copy of this zone's proxies (ADR 0020): follows this store's own changes to
 * {@link ZoneCopies#KINDS} — the state first, then every change in order — and writes each copy
 * ({@link ZoneCopies#toGlobal}) to global's Store API; after the state, global's copies of this zone
 * that no longer exist here are deleted. A call global does not answer ends the pass: a new one starts
 * from this store's current state after a pause (1 s, doubling up to 10 s while global stays away), so a zone that was cut off brings global up to date
 * when it is back, whatever happened meanwhile. All calls to global run on one thread, in order.
 *
 * <p>Each pass also reports the zone to global ({@link ZoneReporter}): its Zone, and a subscription in its
 * ZoneInsight opened when the pass starts, refreshed after writes and at least every
 * {@code atrium.store.zone.heartbeat}, and closed when the zone stops cleanly.
 */
@ApplicationScoped
public class ZoneToGlobalSync {
  private static final Logger LOG = Logger.getLogger(ZoneToGlobalSync.class);
  private static final long FIRST_RETRY_MILLIS = 1_000;
  private static final long MAX_RETRY_MILLIS = 10_000;

  private final WatchHub hub;
  private final StoreGrpc.StoreBlockingStub global;
  private final String zone;
  private final ZoneReporter reporter;
  private final Duration heartbeat;
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "atrium-zone-to-global");
    t.setDaemon(true);
    return t;
  });
  // Writer thread only.
  private int pass;
  private WatchHub.Subscription subscription;
  private Set<String> seen = new HashSet<>();
  /** Global's copies of this zone's resources not yet matched by this pass's state (writer thread only). */
  private Map<String, dev.atrium.api.store.v1.Resource> onGlobal = new HashMap<>();
  /** Copies this pass wrote to global (writer thread only). */
  private int sent;
  private long retryMillis = FIRST_RETRY_MILLIS;
  private boolean reportPending;

  public ZoneToGlobalSync(WatchHub hub, @GrpcClient("global") StoreGrpc.StoreBlockingStub global, StoreConfig config,
      @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
    this.hub = hub;
    this.global = global;
    this.zone = config.zone();
    this.heartbeat = config.zoneHeartbeat();
    this.reporter = new ZoneReporter(global, zone, version, config.backend().name(), Clock.systemUTC());
  }

  public void start() {
    writer.execute(this::startPass);
    // Every half heartbeat, a report unless one went out within that half: never more than a heartbeat apart.
    long half = Math.max(100, heartbeat.toMillis() / 2);
    writer.scheduleWithFixedDelay(() -> report(Duration.ofMillis(half)), half, half, TimeUnit.MILLISECONDS);
  }

  /** Closes this pass's subscription on global (waiting a few seconds at most), then stops. */
  public void stop() {
    try {
      writer.submit(() -> {
        try {
          reporter.stopped();
        } catch (StatusRuntimeException e) {
          LOG.infof("zone %s stopping: global did not take its disconnect (%s); global will notice the silence", zone,
              e.getStatus());
        }
      }).get(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.infof("zone %s stopping without telling global: %s", zone, e.toString());
    }
    writer.shutdownNow();
    if (subscription != null) subscription.close();
  }

  private void startPass() {
    int current = ++pass;
    seen = new HashSet<>();
    sent = 0;
    try {
      reporter.passStarted();
    } catch (StatusRuntimeException e) {
      restartLater(e.getStatus());
      return;
    }
    try {
      onGlobal = globalCopies();
    } catch (StatusRuntimeException e) {
      restartLater(e.getStatus());
      return;
    }
    Set<String> kinds = ZoneCopies.KINDS.stream().map(ResourceKind::typeName).collect(Collectors.toSet());
    subscription = hub.subscribe(0, kinds, null, new WatchHub.Listener() {
      @Override
      public void onEvent(StoreEvent event) {
        writer.execute(() -> {
          if (current == pass) send(event);
        });
      }

      @Override
      public void onSynced(long revision) {
        writer.execute(() -> {
          if (current == pass) removeGone();
        });
      }

      @Override
      public void onError(Throwable error) {
        writer.execute(() -> {
          if (current == pass) restartLater(error.getMessage());
        });
      }
    });
  }

  private void send(StoreEvent event) {
    Resource own = StoredResources.toResource(event.resource());
    // Global's copies and other zones' ingresses are not this zone's to send. A deletion carries no labels:
    // it is passed on, and deletes nothing on global unless a copy of this zone's has that name.
    if (event.type() == StoreEvent.Type.PUT && !ZoneCopies.sentToGlobal(own, zone)) return;
    Resource copy = ZoneCopies.toGlobal(own, zone);
    try {
      if (event.type() == StoreEvent.Type.PUT) {
        String key = key(copy.kind(), copy.mesh(), copy.name());
        seen.add(key);
        // What global already holds as it is, from before a cut or a restart, is not sent again.
        dev.atrium.api.store.v1.Resource held = onGlobal.remove(key);
        if (held != null && sameCopy(held, copy)) return;
        sent++;
        global.put(PutRequest.newBuilder().setKey(keyOf(copy.kind(), copy.mesh(), copy.name()))
            .putAllLabels(copy.meta().labels()).setSpecJson(ResourceCodec.encodeSpec(copy.spec())).build());
      } else {
        delete(copy.kind(), copy.mesh(), copy.name());
      }
      reporter.counted(true);
      reportSoon();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
        // Refused by global's rules (a spec it reads differently): the next pass retries it.
        reporter.counted(false);
        reportSoon();
        LOG.warnf("global refused this zone's %s: %s", copy.describe(), e.getStatus().getDescription());
      } else {
        restartLater(e.getStatus());
      }
    }
  }

  /**
   * Global's copies of this zone's resources as the pass starts, by key (one List per kind): the state
   * then sends only what differs, and what is left once the state is sent is gone from this zone.
   */
  private Map<String, dev.atrium.api.store.v1.Resource> globalCopies() {
    Map<String, dev.atrium.api.store.v1.Resource> out = new LinkedHashMap<>();
    // Insights before their proxies: global keeps no insight without its Dataplane (removeGone's order).
    List<ResourceKind> kinds = new ArrayList<>(ZoneCopies.KINDS);
    Collections.reverse(kinds);
    for (ResourceKind kind : kinds) {
      for (dev.atrium.api.store.v1.Resource r : global.list(ListRequest.newBuilder().setKind(kind.typeName()).build()).getItemsList()) {
        boolean ours = zone.equals(r.getLabelsMap().get("kuma.io/zone")) && "zone".equals(r.getLabelsMap().get("kuma.io/origin"));
        if (ours) out.put(key(kind, r.getKey().getMesh(), r.getKey().getName()), r);
      }
    }
    return out;
  }

  /** Whether global's {@code held} is {@code copy} already: the same spec, and every label of the copy. */
  private static boolean sameCopy(dev.atrium.api.store.v1.Resource held, Resource copy) {
    if (!held.getLabelsMap().entrySet().containsAll(copy.meta().labels().entrySet())) return false;
    try {
      return ResourceCodec.decodeSpec(copy.kind(), held.getSpecJson()).equals(copy.spec());
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  /** After the state: global's copies of this zone's resources that this zone no longer has go. */
  private void removeGone() {
    int removed = 0;
    int unchanged = seen.size() - sent;
    try {
      for (Map.Entry<String, dev.atrium.api.store.v1.Resource> gone : onGlobal.entrySet()) {
        if (seen.contains(gone.getKey())) continue;
        dev.atrium.api.store.v1.ResourceKey k = gone.getValue().getKey();
        delete(ResourceKind.byTypeName(k.getKind()).orElseThrow(), k.getMesh(), k.getName());
        removed++;
      }
      onGlobal = new HashMap<>();
      LOG.infof("zone %s's state sent to global: %d copies (%d already there unchanged, not sent), %d gone ones deleted",
          zone, seen.size(), unchanged, removed);
      retryMillis = FIRST_RETRY_MILLIS;
    } catch (StatusRuntimeException e) {
      restartLater(e.getStatus());
    }
  }

  private void delete(ResourceKind kind, String mesh, String name) {
    try {
      global.delete(DeleteRequest.newBuilder().setKey(keyOf(kind, mesh, name)).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) throw e;
    }
  }

  /** After writes: one report, queued behind the writes already waiting (so a burst makes one). */
  private void reportSoon() {
    if (reportPending) return;
    reportPending = true;
    writer.execute(() -> {
      reportPending = false;
      report(Duration.ZERO);
    });
  }

  private void report(Duration minGap) {
    try {
      if (!reporter.heartbeat(minGap)) {
        restartLater("global no longer holds this zone's subscription: it lost or closed it, and may lack what was sent");
      }
    } catch (StatusRuntimeException e) {
      restartLater(e.getStatus());
    } catch (RuntimeException e) {
      LOG.warnf("zone %s's report to global failed: %s", zone, e.toString());
    }
  }

  /**
   * As {@link #restartLater(String)}; a refused credential is a WARN, since only an operator can end it (a
   * new zone token of scope cp for this zone in {@code atrium.store.global.zone-token-file}).
   */
  private void restartLater(Status status) {
    if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
      LOG.warnf("global refused zone %s's credentials: %s; check this zone's zone token (scope cp, minted on global"
          + " for zone %s)", zone, status.getDescription(), zone);
    }
    restartLater(status.toString());
  }

  /** Ends this pass; the next starts from this store's state once global may answer again. */
  private void restartLater(String why) {
    LOG.infof("sending zone %s's proxies to global paused (%s); again in %d ms", zone, why, retryMillis);
    reporter.passAbandoned();
    pass++;
    if (subscription != null) subscription.close();
    subscription = null;
    writer.schedule(this::startPass, retryMillis, TimeUnit.MILLISECONDS);
    retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
  }

  private static ResourceKey keyOf(ResourceKind kind, String mesh, String name) {
    return ResourceKey.newBuilder().setKind(kind.typeName()).setMesh(mesh == null ? "" : mesh).setName(name).build();
  }

  private static String key(ResourceKind kind, String mesh, String name) {
    // A kind beside meshes has no mesh: null here, "" in the Store API's keys.
    return kind + "/" + (mesh == null ? "" : mesh) + "/" + name;
  }
}
