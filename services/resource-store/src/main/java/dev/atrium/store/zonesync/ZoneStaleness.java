package dev.atrium.store.zonesync;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.zone.ZoneInsightSpec;
import dev.atrium.core.multizone.ZoneSubscriptions;
import dev.atrium.store.backend.VersionConflictException;
import dev.atrium.store.config.StoreConfig;
import dev.atrium.store.service.ResourceService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Global's side of zone status: a zone killed or cut off cannot say it left, so global closes (sets
 * {@code disconnectTime} on) every open subscription whose heartbeat is older than
 * {@code atrium.store.zone.offline-after}, and the zone reads Offline wherever "open" means online, as in
 * Kuma's clients. Runs every third of that window. Safe with several replicas: each write is at the version
 * read, a lost race is skipped (the winner wrote the same or the zone spoke meanwhile), and a closed
 * subscription is never written again.
 */
@ApplicationScoped
public class ZoneStaleness {
  private static final Logger LOG = Logger.getLogger(ZoneStaleness.class);

  private final ResourceService service;
  private final Duration offlineAfter;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "atrium-zone-staleness");
    t.setDaemon(true);
    return t;
  });

  public ZoneStaleness(ResourceService service, StoreConfig config) {
    this.service = service;
    this.offlineAfter = config.zoneOfflineAfter();
  }

  public void start() {
    long every = Math.max(500, offlineAfter.toMillis() / 3);
    timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  public void stop() {
    timer.shutdownNow();
  }

  /** One pass over every ZoneInsight; returns how many were closed. */
  int sweep() {
    int closed = 0;
    try {
      for (Resource insight : service.list(ResourceKind.ZONE_INSIGHT, null)) {
        Optional<ZoneInsightSpec> updated = ZoneSubscriptions.closeStale(insight.specAs(ZoneInsightSpec.class),
            clock.instant(), offlineAfter);
        if (updated.isEmpty()) continue;
        try {
          service.put(new Resource(ResourceKind.ZONE_INSIGHT, insight.meta(), updated.get()), insight.meta().version());
          closed++;
          LOG.infof("zone %s went silent for more than %s: its subscription is closed, the zone is Offline", insight.name(),
              offlineAfter);
        } catch (VersionConflictException raced) {
          // Another replica closed it, or the zone reported meanwhile: the next sweep looks again.
        }
      }
    } catch (RuntimeException e) {
      LOG.warnf("checking the zones' heartbeats failed: %s", e.toString());
    }
    return closed;
  }
}
