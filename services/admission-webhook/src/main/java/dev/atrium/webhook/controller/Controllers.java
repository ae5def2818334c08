package dev.atrium.webhook.controller;

import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.follow.WatchRetry;
import dev.atrium.webhook.controller.assembly.DataplaneReconciler;
import dev.atrium.webhook.controller.assembly.GatewayInstanceReconciler;
import dev.atrium.webhook.controller.assembly.InstanceKey;
import dev.atrium.webhook.controller.assembly.InstanceObjects;
import dev.atrium.webhook.controller.assembly.KubernetesInstanceObjects;
import dev.atrium.webhook.controller.assembly.OwnerWorkloads;
import dev.atrium.webhook.controller.assembly.PodEvents;
import dev.atrium.webhook.controller.assembly.PodKey;
import dev.atrium.webhook.controller.assembly.StoreWrites;
import dev.atrium.webhook.controller.assembly.ZoneIngressReconciler;
import dev.atrium.webhook.controller.leader.LeaseLeadership;
import dev.atrium.webhook.controller.model.DataplaneForPod;
import dev.atrium.webhook.controller.model.GatewaySettings;
import dev.atrium.webhook.controller.model.ZoneIngressForPod;
import dev.atrium.webhook.config.WebhookConfig;
import dev.atrium.webhook.metadata.ProxyCredentials;
import dev.atrium.webhook.controller.runtime.ControllerLoop;
import dev.atrium.webhook.controller.source.ClusterCache;
import dev.atrium.webhook.controller.source.StoreCache;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Assembles and runs the controllers: the caches (informers and the Store Watch) run on every
 * replica, so a replica that takes over starts warm; the two controller loops run only on the replica
 * holding the Lease, which first waits for both caches and queues everything once.
 */
@Singleton
public class Controllers {
  private static final Logger LOG = Logger.getLogger(Controllers.class);

  private final ControllersConfig config;
  private final String systemNamespace;
  private final KubernetesClient client;
  private final Store store;
  private final StoreGrpc.StoreBlockingStub storeBlocking;
  private final Channel storeChannel;
  private final ExecutorService leadership = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "controllers-leadership");
    t.setDaemon(true);
    return t;
  });
  private ClusterCache cluster;
  private StoreCache stored;
  private ControllerLoop<PodKey> podLoop;
  private ControllerLoop<InstanceKey> instanceLoop;
  private EventRouting routing;
  private LeaseLeadership lease;
  private volatile long term; // bumped on every leadership change, so a stale start gives up

  public Controllers(ControllersConfig config, WebhookConfig webhook, KubernetesClient client, @GrpcClient("store") Store store,
      @GrpcClient("store") StoreGrpc.StoreBlockingStub storeBlocking, @GrpcClient("store") Channel storeChannel) {
    this.config = config;
    this.systemNamespace = webhook.systemNamespace();
    this.client = client;
    this.store = store;
    this.storeBlocking = storeBlocking;
    this.storeChannel = storeChannel;
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      LOG.info("Kubernetes controllers disabled (atrium.controllers.enabled=false)");
      return;
    }
    start();
  }

  void onStop(@Observes ShutdownEvent event) {
    close();
  }

  synchronized void start() {
    cluster = new ClusterCache(client);
    stored = new StoreCache(store, new WatchRetry(config.storeRetryDelay(), config.storeMaxRetryDelay(), storeChannel));
    StoreWrites writes = new StoreWrites(storeBlocking, config.storeTimeout());
    DataplaneReconciler dataplanes = new DataplaneReconciler(cluster, stored, writes, new DataplaneForPod(config.zone()),
        new OwnerWorkloads(client));
    // Kuma's Pod controller makes both from Pods; a Pod's key goes to each (each cleans up what is not its).
    ZoneIngressReconciler ingresses = new ZoneIngressReconciler(cluster, stored, writes,
        new ZoneIngressForPod(systemNamespace, config.zone()), () -> client.nodes().list().getItems(), new PodEvents(client));
    InstanceObjects objects = config.instanceObjects() == ControllersConfig.InstanceObjectsSource.KUBERNETES
        ? new KubernetesInstanceObjects(client) : InstanceObjects.NONE;
    ControllersConfig.Gateway g = config.gateway();
    GatewayInstanceReconciler instances = new GatewayInstanceReconciler(client, cluster, stored, objects,
        new GatewaySettings(g.image(), g.controlPlaneAddress(), g.adminPort(), g.readinessPort(), g.uid(), g.cpuRequest(),
            g.memoryRequest(), g.cpuLimit(), g.memoryLimit(),
            ProxyCredentials.ControlPlaneCa.fromFile(g.controlPlaneCaFile(),
                "atrium.controllers.gateway.control-plane-ca-file")), Clock.systemUTC());
    podLoop = new ControllerLoop<>("pod-dataplane", key -> {
      ingresses.reconcile(key);
      dataplanes.reconcile(key);
    }, config.retryDelay(), config.maxRetryDelay());
    instanceLoop = new ControllerLoop<>("gateway-instance", instances, config.retryDelay(), config.maxRetryDelay());
    routing = new EventRouting(cluster, stored, podLoop, instanceLoop);
    cluster.start(routing);
    stored.start(routing);
    String identity = config.leaderIdentity().filter(s -> !s.isBlank()).orElseGet(Controllers::defaultIdentity);
    lease = new LeaseLeadership(client, new LeaseLeadership.Settings(config.leaseNamespace(), config.leaseName(), identity,
        config.leaseDuration(), config.renewDeadline(), config.retryPeriod()), new LeaseLeadership.Listener() {
          @Override
          public void startLeading() {
            long mine = ++term;
            leadership.execute(() -> beginLeading(mine));
          }

          @Override
          public void stopLeading() {
            ++term;
            leadership.execute(Controllers.this::endLeading);
          }
        });
    lease.start();
  }

  /** Waits for both caches (a reconcile on a half-loaded cache would delete what it has not seen yet). */
  private void beginLeading(long mine) {
    try {
      while (!(cluster.synced() && stored.synced())) {
        if (term != mine) return;
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (term != mine) return;
    routing.resyncAll();
    podLoop.start();
    instanceLoop.start();
    LOG.info("controllers running: Pod → Dataplane or ZoneIngress, MeshGatewayInstance → Deployment + Service");
  }

  private void endLeading() {
    podLoop.stop();
    instanceLoop.stop();
  }

  synchronized void close() {
    if (lease == null) return;
    lease.close();
    podLoop.close();
    instanceLoop.close();
    stored.stop();
    cluster.close();
    leadership.shutdownNow();
    lease = null;
  }

  private static String defaultIdentity() {
    String host = System.getenv("HOSTNAME");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return (host == null || host.isBlank() ? "atrium-controllers" : host) + "-" + suffix;
  }
}
