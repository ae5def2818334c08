package dev.atrium.webhook.controller.leader;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One active replica at a time through a coordination.k8s.io Lease (fabric8's LeaderElector): the
 * replica holding it runs the controllers, the others wait and take over once it stops renewing. A
 * leader that cannot renew within the renew deadline stops acting before the lease can pass to
 * another replica. Losing the lease is not the end: this replica campaigns again.
 *
 * <p>Leading takes two things: the elector says this replica won, and the Lease shows a renewal by
 * this replica within the renew deadline. The second is checked (on election and then every retry
 * period) because fabric8's elector declares leadership as soon as it reads a Lease naming this
 * replica, before its own write succeeds: a replica restarted with a fixed identity, or one whose
 * writes are refused, would otherwise act on a Lease nobody renews.
 */
public final class LeaseLeadership implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LeaseLeadership.class);

  /** What leading means; both must return quickly. */
  public interface Listener {
    void startLeading();

    void stopLeading();
  }

  /** Lease identity and timing. */
  public record Settings(String namespace, String name, String identity, Duration leaseDuration, Duration renewDeadline,
      Duration retryPeriod) {}

  private final KubernetesClient client;
  private final Settings settings;
  private final Listener listener;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lease-leadership");
    t.setDaemon(true);
    return t;
  });
  private CompletableFuture<?> election;
  private boolean closed;
  private boolean checking;
  private volatile boolean elected;
  private volatile boolean leading;
  private volatile Instant renewed = Instant.EPOCH; // the latest renewal by this replica seen on the Lease

  public LeaseLeadership(KubernetesClient client, Settings settings, Listener listener) {
    this.client = client;
    this.settings = settings;
    this.listener = listener;
  }

  public synchronized void start() {
    if (closed || election != null) return;
    if (!checking) {
      checking = true;
      long every = settings.retryPeriod().toMillis();
      timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }
    LeaderElectionConfig config = new LeaderElectionConfigBuilder()
        .withName(settings.name())
        .withLock(new LeaseLock(settings.namespace(), settings.name(), settings.identity()))
        .withLeaseDuration(settings.leaseDuration())
        .withRenewDeadline(settings.renewDeadline())
        .withRetryPeriod(settings.retryPeriod())
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(this::onElected, this::onDeposed, this::onNewLeader))
        .build();
    LOG.infof("campaigning for Lease %s/%s as %s", settings.namespace(), settings.name(), settings.identity());
    election = client.leaderElector().withConfig(config).build().start();
    election.whenComplete((ok, e) -> campaignEnded(e));
  }

  /** Whether this replica leads now. */
  public boolean leading() {
    return leading;
  }

  private void onElected() {
    elected = true;
    timer.execute(this::check);
  }

  private void onDeposed() {
    elected = false;
    check();
  }

  private void onNewLeader(String identity) {
    if (identity != null && !identity.equals(settings.identity())) LOG.infof("following leader %s", identity);
  }

  /** Leads exactly while elected and the Lease shows a recent renewal by this replica. */
  private synchronized void check() {
    boolean fresh = elected && renewedRecently();
    if (fresh && !leading) {
      leading = true;
      LOG.infof("leading: %s holds Lease %s/%s", settings.identity(), settings.namespace(), settings.name());
      listener.startLeading();
    } else if (!fresh && leading) {
      leading = false;
      LOG.infof("stopped leading: %s no longer holds Lease %s/%s (renewed last at %s)", settings.identity(),
          settings.namespace(), settings.name(), renewed);
      listener.stopLeading();
    }
  }

  private boolean renewedRecently() {
    try {
      Lease lease = client.leases().inNamespace(settings.namespace()).withName(settings.name()).get();
      if (lease != null && settings.identity().equals(lease.getSpec().getHolderIdentity())
          && lease.getSpec().getRenewTime() != null) {
        Instant at = lease.getSpec().getRenewTime().toInstant();
        if (at.isAfter(renewed)) renewed = at;
      }
    } catch (KubernetesClientException e) {
      // Unreadable: the last renewal seen still counts until the deadline passes.
      LOG.debugf("cannot read Lease %s/%s: %s", settings.namespace(), settings.name(), e.getMessage());
    }
    return renewed.isAfter(Instant.now().minus(settings.renewDeadline()));
  }

  /** The elector ends when the lease is lost (or on close); campaign again unless closing. */
  private synchronized void campaignEnded(Throwable error) {
    elected = false;
    check();
    election = null;
    if (closed) return;
    if (error != null) LOG.warnf("leader election failed (%s); campaigning again", error.getMessage());
    timer.schedule(this::start, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops acting and gives the Lease up, so another replica takes over without waiting for it to expire. */
  @Override
  public void close() {
    CompletableFuture<?> running;
    synchronized (this) {
      closed = true;
      running = election;
      elected = false;
      check();
    }
    if (running != null) running.cancel(true);
    timer.shutdownNow();
  }
}
