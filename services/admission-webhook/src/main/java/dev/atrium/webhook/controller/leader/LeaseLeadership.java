package dev.atrium.webhook.controller.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
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
 */
public final class LeaseLeadership implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LeaseLeadership.class);

  /** What leading means; called on the elector's thread, so both must return quickly. */
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
  private final ScheduledExecutorService campaigns = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lease-campaign");
    t.setDaemon(true);
    return t;
  });
  private CompletableFuture<?> election;
  private volatile boolean leading;
  private volatile String leader;
  private boolean closed;

  public LeaseLeadership(KubernetesClient client, Settings settings, Listener listener) {
    this.client = client;
    this.settings = settings;
    this.listener = listener;
  }

  public synchronized void start() {
    if (closed || election != null) return;
    LeaderElectionConfig config = new LeaderElectionConfigBuilder()
        .withName(settings.name())
        .withLock(new LeaseLock(settings.namespace(), settings.name(), settings.identity()))
        .withLeaseDuration(settings.leaseDuration())
        .withRenewDeadline(settings.renewDeadline())
        .withRetryPeriod(settings.retryPeriod())
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(this::onStart, this::onStop, this::onNewLeader))
        .build();
    LOG.infof("campaigning for Lease %s/%s as %s", settings.namespace(), settings.name(), settings.identity());
    election = client.leaderElector().withConfig(config).build().start();
    election.whenComplete((ok, e) -> campaignEnded(e));
  }

  public boolean leading() {
    return leading;
  }

  /** The holder last seen, this replica included. */
  public String leader() {
    return leader;
  }

  public String identity() {
    return settings.identity();
  }

  private void onStart() {
    if (leading) return;
    leading = true;
    LOG.infof("leading: %s holds Lease %s/%s", settings.identity(), settings.namespace(), settings.name());
    listener.startLeading();
  }

  private void onStop() {
    if (!leading) return;
    leading = false;
    LOG.infof("stopped leading: %s no longer holds Lease %s/%s", settings.identity(), settings.namespace(), settings.name());
    listener.stopLeading();
  }

  private void onNewLeader(String identity) {
    leader = identity;
    if (identity != null && !identity.equals(settings.identity())) LOG.infof("following leader %s", identity);
  }

  /** The elector ends when the lease is lost (or on close); campaign again unless closing. */
  private synchronized void campaignEnded(Throwable error) {
    onStop();
    election = null;
    if (closed) return;
    if (error != null) LOG.warnf("leader election failed (%s); campaigning again", error.getMessage());
    campaigns.schedule(this::start, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops acting and gives the Lease up, so another replica takes over without waiting for it to expire. */
  @Override
  public void close() {
    CompletableFuture<?> running;
    synchronized (this) {
      closed = true;
      running = election;
    }
    if (running != null) running.cancel(true);
    campaigns.shutdownNow();
    onStop();
  }
}
