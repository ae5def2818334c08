package dev.atrium.store.metrics;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.backend.VersionConflictException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Times the service layer's operations, which REST and gRPC both go through:
 * <ul>
 *   <li>{@code atrium_store_operation_seconds{operation,kind,outcome}} — one operation (histogram);
 *   <li>{@code atrium_store_conflicts_total{kind}} — writes refused because the expected version did not
 *       match, including a create of something that already exists.
 * </ul>
 * Tags are bounded: {@code kind} is a resource type name, the others come from {@link StoreOperation}.
 * The buckets are few on purpose: up to 4 operations × 5 outcomes per kind.
 */
@Singleton
public class OperationMeters {
  private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

  private final MeterRegistry registry;
  private final Map<ResourceKind, Counter> conflicts = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public OperationMeters(MeterRegistry registry) {
    this.registry = registry;
    // Every kind from the start, so that rate() has a zero to begin from.
    for (ResourceKind kind : ResourceKind.values()) conflicts.put(kind, conflictCounter(kind));
  }

  /** Runs {@code work} as {@code operation} on {@code kind}, recording its time and how it ended; rethrows. */
  public <T> T time(StoreOperation operation, ResourceKind kind, Supplier<T> work) {
    long start = System.nanoTime();
    String outcome = StoreOperation.ERROR;
    try {
      T result = work.get();
      outcome = StoreOperation.OK;
      return result;
    } catch (RuntimeException e) {
      outcome = StoreOperation.outcomeOf(e);
      if (e instanceof VersionConflictException) conflicts.get(kind).increment();
      throw e;
    } finally {
      timer(operation, kind, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(StoreOperation operation, ResourceKind kind, String outcome) {
    return timers.computeIfAbsent(operation.tag + '/' + kind.typeName() + '/' + outcome,
        k -> Timer.builder("atrium.store.operation")
            .description("Time of one store operation (get, list, put, delete) at the service layer, REST and gRPC alike")
            .tag("operation", operation.tag).tag("kind", kind.typeName()).tag("outcome", outcome)
            .serviceLevelObjectives(BUCKETS).register(registry));
  }

  private Counter conflictCounter(ResourceKind kind) {
    return Counter.builder("atrium.store.conflicts").tag("kind", kind.typeName())
        .description("Writes refused because the resource's version was not the expected one (or it already existed)")
        .register(registry);
  }
}
