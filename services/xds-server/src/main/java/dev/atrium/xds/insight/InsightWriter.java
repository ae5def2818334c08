package dev.atrium.xds.insight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.model.insight.MtlsInsight;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Subscription;
import dev.atrium.xds.ads.ProxyId;
import dev.atrium.xds.ads.ProxyStatus;
import dev.atrium.xds.ads.ProxyStreams;
import dev.atrium.xds.insight.Subscriptions.Connection;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps each proxy's DataplaneInsight — a ZoneIngress's ZoneIngressInsight, the same subscriptions without
 * mTLS ({@link InsightStore} picks the kind) — in the store in step with what ADS sees: connect, every ACK
 * and NACK, disconnect. ADS threads only mark a proxy as changed; writes happen on one background thread,
 * at most one per proxy per {@code minInterval}, each carrying the latest state (changes in between
 * coalesce). A connect, NACK, disconnect or certificate is written at once; an ACK waits {@code ackDelay}
 * first: every push brings one ACK per type, and a push to every proxy of a mesh would otherwise put a
 * store write per proxy on the cores that are still pushing (ADR 0019). A write is a compare-and-set against the stored insight, so several xds-server replicas
 * (a proxy moving from one to another) never lose each other's subscriptions.
 *
 * <p>Each certificate issued to a proxy is recorded too, as Kuma's {@code mTLS} section: expiration,
 * last regeneration, issued and supported backends, and {@code certificateRegenerations} counted up
 * from the stored value, so the count survives a restart or a move to another replica.
 */
@Singleton
public final class InsightWriter implements ProxyStreams.StatusListener {
  private static final Logger LOG = Logger.getLogger(InsightWriter.class);
  private static final int ATTEMPTS = 3;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final InsightStore store;
  private final boolean enabled;
  private final long minIntervalNanos;
  private final long ackDelayNanos;
  private final int subscriptionLimit;
  private final String instanceId;
  private final Map<ProxyId, ProxyState> proxies = new ConcurrentHashMap<>();
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "atrium-insights");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  @Inject
  public InsightWriter(GrpcInsightStore store, InsightConfig config) {
    this(store, config.enabled(), config.minInterval(), config.ackDelay(), config.subscriptionLimit(),
        ControlPlaneInstance.id());
  }

  InsightWriter(InsightStore store, boolean enabled, Duration minInterval, Duration ackDelay, int subscriptionLimit,
      String instanceId) {
    this.store = store;
    this.enabled = enabled;
    this.minIntervalNanos = minInterval.toNanos();
    this.ackDelayNanos = ackDelay.toNanos();
    this.subscriptionLimit = subscriptionLimit;
    this.instanceId = instanceId;
  }

  /** What this server knows of one proxy; fields are guarded by the object unless noted. */
  private static final class ProxyState {
    final ProxyId id;
    ProxyStatus status;
    Connection current;
    final List<Subscription> ended = new ArrayList<>();
    boolean scheduled;
    /** When the scheduled flush runs (valid while {@code scheduled}). */
    long dueNanos;
    long notBeforeNanos = Long.MIN_VALUE;
    int failures;
    /** The insight as this server last wrote it (writer thread only); null: read it first. */
    InsightStore.Stored written;
    /** The newest certificate not yet written, and how many were issued since the last write. */
    MtlsInsight certificate;
    int certificatesIssued;

    ProxyState(ProxyId id) {
      this.id = id;
    }
  }

  @Override
  public void connected(ProxyStatus status, long streamId, Node node) {
    if (!enabled || closed) return;
    Connection connection = new Connection(instanceId + ":" + streamId, instanceId, status.connectedAt(),
        status.types(), Subscriptions.version(node));
    // Inside compute, so that forgetIfDone cannot drop the state between lookup and update.
    ProxyState s = proxies.compute(status.id(), (id, existing) -> {
      ProxyState state = existing != null ? existing : new ProxyState(id);
      synchronized (state) {
        state.status = status;
        // A connection whose end this writer did not see (cannot normally happen) ends now.
        if (state.current != null) state.ended.add(Subscriptions.of(state.current, status.types(), Instant.now()));
        state.current = connection;
      }
      return state;
    });
    schedule(s, 0);
  }

  @Override
  public void changed(ProxyStatus status) {
    if (!enabled || closed) return;
    ProxyState s = proxies.get(status.id());
    if (s == null) return;
    synchronized (s) {
      if (!status.connected() && s.current != null) {
        // Frozen now: the next connection reuses the same ProxyStatus and would overwrite what this one was.
        Instant end = status.disconnectedAt() != null ? status.disconnectedAt() : Instant.now();
        s.ended.add(Subscriptions.of(s.current, status.types(), end));
        s.current = null;
      }
    }
    schedule(s, 0);
  }

  @Override
  public void acknowledged(ProxyStatus status) {
    if (!enabled || closed) return;
    ProxyState s = proxies.get(status.id());
    if (s != null) schedule(s, ackDelayNanos);
  }

  /**
   * A certificate was issued to a connected proxy: record it with the next write.
   *
   * @param certificate its times and backends; {@code certificateRegenerations} is ignored (counted here)
   */
  public void certificateIssued(ProxyId id, MtlsInsight certificate) {
    if (!enabled || closed || id.isIngress()) return;
    // The reconciler may issue before this writer has heard of the connection: start its state here.
    ProxyState s = proxies.compute(id, (k, existing) -> {
      ProxyState state = existing != null ? existing : new ProxyState(k);
      synchronized (state) {
        state.certificate = certificate;
        state.certificatesIssued++;
      }
      return state;
    });
    schedule(s, 0);
  }

  /**
   * Makes sure a flush runs no later than {@code wait} from now (and not before the proxy's last write
   * plus {@code minInterval}); a flush already due sooner covers it. A prompt change after an ACK moves
   * the flush forward: the later one then finds nothing new to write.
   */
  private void schedule(ProxyState s, long wait) {
    long delay;
    synchronized (s) {
      long now = System.nanoTime();
      delay = Math.max(wait, s.notBeforeNanos == Long.MIN_VALUE ? 0 : s.notBeforeNanos - now);
      if (s.scheduled && s.dueNanos - (now + delay) <= 0) return;
      s.scheduled = true;
      s.dueNanos = now + delay;
    }
    try {
      writer.schedule(() -> flush(s), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      // The final flush at shutdown covers it.
    }
  }

  /** Writer thread: one coalesced write of everything that changed since the last one. */
  private void flush(ProxyState s) {
    List<Subscription> ended;
    List<Subscription> updates = new ArrayList<>();
    MtlsInsight certificate;
    int certificatesIssued;
    synchronized (s) {
      s.scheduled = false;
      s.notBeforeNanos = System.nanoTime() + minIntervalNanos;
      ended = List.copyOf(s.ended);
      s.ended.clear();
      updates.addAll(ended);
      if (s.current != null) updates.add(Subscriptions.of(s.current, s.status.types(), null));
      certificate = s.certificate;
      certificatesIssued = s.certificatesIssued;
    }
    if (updates.isEmpty() && certificatesIssued == 0) {
      forgetIfDone(s);
      return;
    }
    try {
      write(s, updates, certificate, certificatesIssued);
      synchronized (s) {
        // Issued meanwhile stays pending for the next write.
        s.certificatesIssued -= certificatesIssued;
        if (s.certificatesIssued == 0) s.certificate = null;
      }
      s.failures = 0;
      forgetIfDone(s);
    } catch (InsightStore.OwnerMissing gone) {
      // The Dataplane was deleted (the agent deregistered): its status goes with it.
      s.written = null;
      LOG.debugf("insight of %s not written: %s", s.id, gone.getMessage());
      forgetIfDone(s);
    } catch (RuntimeException e) {
      s.written = null;
      s.failures++;
      long backoff = Math.min(MAX_BACKOFF.toNanos(), minIntervalNanos << Math.min(s.failures, 16));
      LOG.warnf("insight of %s not written (%s); retrying in %d ms", s.id, e.getMessage(), backoff / 1_000_000);
      synchronized (s) {
        s.ended.addAll(0, ended);
        s.notBeforeNanos = System.nanoTime() + backoff;
      }
      schedule(s, 0);
    }
  }

  /**
   * A disconnected proxy whose end is written needs nothing more from this server: its state goes, so
   * proxies that come and go leave nothing behind. A reconnect starts afresh from the stored insight.
   */
  private void forgetIfDone(ProxyState s) {
    proxies.computeIfPresent(s.id, (id, state) -> {
      synchronized (state) {
        return state == s && state.current == null && state.ended.isEmpty() && !state.scheduled
            && state.certificatesIssued == 0 ? null : state;
      }
    });
  }

  private void write(ProxyState s, List<Subscription> updates, MtlsInsight certificate, int certificatesIssued) {
    for (int attempt = 1; ; attempt++) {
      InsightStore.Stored base = s.written != null ? s.written : store.get(s.id).orElse(null);
      DataplaneInsightSpec before = base == null ? DataplaneInsightSpec.of(List.of()) : base.spec();
      DataplaneInsightSpec after = new DataplaneInsightSpec(
          Subscriptions.merge(before.subscriptions(), updates, subscriptionLimit),
          mtls(before.mTLS(), certificate, certificatesIssued), before.metadata());
      if (base != null && after.equals(before)) return;
      try {
        s.written = new InsightStore.Stored(store.put(s.id, after, base == null ? 0 : base.version()), after);
        return;
      } catch (InsightStore.Conflict c) {
        // Another replica (or a user's tool) wrote it meanwhile: read it again and re-apply.
        s.written = null;
        if (attempt == ATTEMPTS) throw c;
      }
    }
  }

  /** Kuma's UpdateCert: the newest certificate's facts, the regeneration count carried on from the stored one. */
  private static JsonNode mtls(JsonNode stored, MtlsInsight certificate, int certificatesIssued) {
    if (certificate == null || certificatesIssued == 0) return stored;
    long before = MtlsInsight.of(stored).map(MtlsInsight::certificateRegenerations).orElse(0L);
    return new MtlsInsight(certificate.certificateExpirationTime(), certificate.lastCertificateRegeneration(),
        before + certificatesIssued, certificate.issuedBackend(), certificate.supportedBackends()).toJson();
  }

  void onShutdown(@Observes ShutdownEvent event) {
    close(Duration.ofSeconds(3));
  }

  /**
   * Records every connection of this server as ended (its streams are about to be cut) and writes what
   * is pending, waiting up to {@code grace}.
   */
  public void close(Duration grace) {
    if (closed) return;
    closed = true;
    Instant now = Instant.now();
    for (ProxyState s : proxies.values()) {
      synchronized (s) {
        if (s.current != null) {
          s.ended.add(Subscriptions.of(s.current, s.status.types(), now));
          s.current = null;
        }
      }
    }
    try {
      writer.execute(() -> proxies.values().forEach(this::flush));
      writer.shutdown();
      if (!writer.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) writer.shutdownNow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writer.shutdownNow();
    } catch (RejectedExecutionException alreadyStopped) {
      writer.shutdownNow();
    }
  }
}
