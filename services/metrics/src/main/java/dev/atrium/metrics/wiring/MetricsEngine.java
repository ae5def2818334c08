package dev.atrium.metrics.wiring;

import dev.atrium.api.store.v1.Store;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.follow.StoreFollower;
import dev.atrium.follow.WatchRetry;
import dev.atrium.metrics.config.MetricsConfig;
import dev.atrium.metrics.meters.MeshMeters;
import dev.atrium.metrics.meters.StoreEventCounter;
import dev.atrium.metrics.reconcile.MeshUpdater;
import io.grpc.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;

/** Assembles the service once: the store follower feeds the updater, which publishes targets and gauges. */
@Singleton
public class MetricsEngine {
  /**
   * What the targets and gauges read. Secrets are left out on purpose: they only decide whether an
   * HTTPS listener can be served, not which routes attach to it, and this service has no use for
   * key material. MeshGatewayInstance is Kubernetes deployment detail.
   */
  static final List<ResourceKind> WATCHED_KINDS = List.of(ResourceKind.MESH, ResourceKind.DATAPLANE,
      ResourceKind.DATAPLANE_INSIGHT, ResourceKind.MESH_GATEWAY, ResourceKind.MESH_GATEWAY_ROUTE,
      ResourceKind.MESH_HTTP_ROUTE, ResourceKind.MESH_TCP_ROUTE);

  private final StoreFollower follower;
  private final MeshUpdater updater;
  private final StoreFollower.Listener listener;

  public MetricsEngine(@GrpcClient("store") Store store, @GrpcClient("store") Channel storeChannel, MetricsConfig config,
      MeterRegistry registry) {
    this.follower = new StoreFollower(store, WATCHED_KINDS,
        new WatchRetry(config.storeRetryDelay(), config.storeMaxRetryDelay(), storeChannel));
    this.updater = new MeshUpdater(follower.index(), new MeshMeters(registry), follower::synced);
    this.listener = new StoreEventCounter(registry, updater);
  }

  void start(@Observes StartupEvent event) {
    follower.start(listener);
  }

  void stop(@Observes ShutdownEvent event) {
    follower.stop();
    updater.shutdown();
  }

  public StoreFollower follower() {
    return follower;
  }

  public MeshUpdater updater() {
    return updater;
  }
}
