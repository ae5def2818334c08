package dev.atrium.store.metrics;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.watch.WatchHub;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@code atrium_store_resources{kind}}: resources stored per kind, one gauge per kind the store knows
 * (0 when there are none), from {@link ResourceCounts}. Started with the process, so the counts are
 * there by the first scrape.
 */
@Startup
@Singleton
public class ResourceCountMeters {
  private static final Logger LOG = Logger.getLogger(ResourceCountMeters.class);
  // A subscription that ends at once (storage unreachable) must not turn into a busy loop.
  private static final long RESUBSCRIBE_DELAY_MILLIS = 1_000;

  private final WatchHub hub;
  private final ResourceCounts counts = new ResourceCounts(this::ended);
  private WatchHub.Subscription subscription; // guarded by this
  private boolean closed; // guarded by this

  public ResourceCountMeters(MeterRegistry registry, WatchHub hub) {
    this.hub = hub;
    for (ResourceKind kind : ResourceKind.values()) {
      Gauge.builder("atrium.store.resources", counts, c -> c.count(kind.typeName())).tag("kind", kind.typeName())
          .description("Resources stored, per kind").strongReference(true).register(registry);
    }
    subscribe();
  }

  @PreDestroy
  synchronized void close() {
    closed = true;
    if (subscription != null) subscription.close();
  }

  private synchronized void subscribe() {
    if (closed) return;
    counts.relist();
    try {
      subscription = hub.subscribe(0, Set.of(), null, counts);
    } catch (IllegalStateException hubClosed) {
      closed = true;
    }
  }

  private void ended(Throwable why) {
    synchronized (this) {
      if (closed) return;
    }
    LOG.debugf("resource count subscription ended (%s); subscribing again", why.getMessage());
    CompletableFuture.delayedExecutor(RESUBSCRIBE_DELAY_MILLIS, TimeUnit.MILLISECONDS).execute(this::subscribe);
  }
}
