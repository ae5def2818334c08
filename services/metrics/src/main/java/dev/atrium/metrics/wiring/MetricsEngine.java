package dev.atrium.metrics.wiring;

import dev.atrium.metrics.follow.StoreFollower;
import dev.atrium.metrics.meters.MeshMeters;
import dev.atrium.metrics.reconcile.MeshUpdater;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Assembles the service once: the store follower feeds the updater, which publishes targets and gauges. */
@Singleton
public class MetricsEngine {
  private final StoreFollower follower;
  private final MeshUpdater updater;

  public MetricsEngine(StoreFollower follower, MeterRegistry registry) {
    this.follower = follower;
    this.updater = new MeshUpdater(follower.index(), new MeshMeters(registry), follower::synced);
  }

  void start(@Observes StartupEvent event) {
    follower.start(updater);
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
