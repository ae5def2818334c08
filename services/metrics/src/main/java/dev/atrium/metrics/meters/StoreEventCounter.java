package dev.atrium.metrics.meters;

import dev.atrium.follow.Change;
import dev.atrium.follow.StoreFollower;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * {@code atrium_metrics_store_events_total{type}}: the Store Watch events this service applied after
 * the initial state, put or delete; a (re)listing is not counted. It sits in front of the follower's
 * listener, so the shared follower needs no Micrometer.
 */
public final class StoreEventCounter implements StoreFollower.Listener {
  private final Counter puts;
  private final Counter deletes;
  private final StoreFollower.Listener next;

  public StoreEventCounter(MeterRegistry registry, StoreFollower.Listener next) {
    this.puts = counter(registry, "put");
    this.deletes = counter(registry, "delete");
    this.next = next;
  }

  @Override
  public void changed(List<Change> changes) {
    for (Change c : changes) (c.isDeletion() ? deletes : puts).increment();
    next.changed(changes);
  }

  @Override
  public void loaded(List<Change> meshes) {
    next.loaded(meshes);
  }

  private static Counter counter(MeterRegistry registry, String type) {
    return Counter.builder("atrium.metrics.store.events").tag("type", type)
        .description("Store Watch events applied after the initial state, by type (put, delete)").register(registry);
  }
}
