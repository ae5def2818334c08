package dev.atrium.xds.lifecycle;

import dev.atrium.xds.ads.ProxyId;
import dev.atrium.xds.ads.ProxyStatus;
import dev.atrium.xds.ads.ProxyStreams;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Kuma's dataplane lifecycle in universal mode: a Dataplane the agent registered at bootstrap
 * (its proxy's node metadata carries {@code dataplane.resource}) is deleted {@code delay} after the
 * proxy's last ADS stream ends, unless the proxy reconnects first — to this server or, as its
 * DataplaneInsight says, to another replica. A Dataplane created through the API (or by the
 * Kubernetes controller) has no such metadata and is never deleted here.
 */
public final class AgentDataplaneDeregistration implements ProxyStreams.ProxyLifecycle {
  private static final Logger LOG = Logger.getLogger(AgentDataplaneDeregistration.class);

  /** The store operations deregistration needs. Blocking; called on this class's own thread. */
  public interface Dataplanes {
    /** Deletes the Dataplane; false when it was already gone. */
    boolean delete(ProxyId id);

    /** True when some control-plane instance other than this one has the proxy connected now. */
    boolean connectedElsewhere(ProxyId id);
  }

  private final Function<ProxyId, Optional<ProxyStatus>> statuses;
  private final Dataplanes dataplanes;
  private final Duration delay;
  private final Map<ProxyId, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "atrium-deregistration");
    t.setDaemon(true);
    return t;
  });

  public AgentDataplaneDeregistration(Function<ProxyId, Optional<ProxyStatus>> statuses, Dataplanes dataplanes,
      Duration delay) {
    this.statuses = statuses;
    this.dataplanes = dataplanes;
    this.delay = delay;
  }

  @Override
  public void connected(ProxyId id) {
    ScheduledFuture<?> cancelled = pending.remove(id);
    if (cancelled != null) {
      cancelled.cancel(false);
      LOG.debugf("%s reconnected: its Dataplane stays", id);
    }
  }

  @Override
  public void disconnected(ProxyId id) {
    boolean registeredByAgent = statuses.apply(id).map(ProxyStatus::registeredByAgent).orElse(false);
    if (!registeredByAgent) return;
    try {
      pending.compute(id, (k, previous) -> {
        if (previous != null) previous.cancel(false);
        return timer.schedule(() -> deregister(id), delay.toMillis(), TimeUnit.MILLISECONDS);
      });
    } catch (RejectedExecutionException shuttingDown) {
      // A stopping server deregisters nothing: its proxies will reconnect to another replica or to it.
    }
  }

  private void deregister(ProxyId id) {
    pending.remove(id);
    if (statuses.apply(id).map(ProxyStatus::connected).orElse(false)) return;
    try {
      if (dataplanes.connectedElsewhere(id)) {
        LOG.infof("%s is connected to another control-plane instance: its Dataplane stays", id);
        return;
      }
      if (dataplanes.delete(id)) {
        LOG.infof("Dataplane %s deregistered: its proxy has been gone for %s", id, delay);
      }
    } catch (RuntimeException e) {
      LOG.warnf("Dataplane %s not deregistered: %s", id, e.getMessage());
    }
  }

  public void shutdown() {
    timer.shutdownNow();
  }
}
