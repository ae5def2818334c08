package dev.atrium.bench.store;

import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Store.Watch stream from revision 0, held as another Atrium service holds it. After SYNCED it
 * notes when the first PUT event of each resource named {@code namePrefix-*} arrived (System.nanoTime,
 * taken first thing in the callback so that it compares with the writer's clock in this same JVM).
 */
final class Watcher implements AutoCloseable {
  private final String namePrefix;
  private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();
  private final CountDownLatch synced = new CountDownLatch(1);
  private final AtomicReference<Throwable> error = new AtomicReference<>();
  private final Context.CancellableContext context = Context.current().withCancellation();

  Watcher(ManagedChannel channel, String namePrefix) {
    this.namePrefix = namePrefix + "-";
    WatchRequest request = WatchRequest.newBuilder().setFromRevision(0).build();
    context.run(() -> StoreGrpc.newStub(channel).watch(request, new StreamObserver<>() {
      @Override
      public void onNext(WatchEvent event) {
        long now = System.nanoTime();
        if (event.getType() == WatchEvent.Type.SYNCED) {
          synced.countDown();
        } else if (event.getType() == WatchEvent.Type.PUT && synced.getCount() == 0) {
          String name = event.getResource().getKey().getName();
          if (name.startsWith(Watcher.this.namePrefix)) receivedAt.putIfAbsent(name, now);
        }
      }

      @Override
      public void onError(Throwable t) {
        error.set(t);
      }

      @Override
      public void onCompleted() {
        error.compareAndSet(null, new IllegalStateException("the store ended the watch stream"));
      }
    }));
  }

  void awaitSynced(Duration timeout) {
    try {
      if (!synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("no SYNCED within " + timeout + (error.get() == null ? "" : ": " + error.get()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int received() {
    return receivedAt.size();
  }

  /** When the PUT event of {@code name} arrived, or null if it has not. */
  Long receivedAt(String name) {
    return receivedAt.get(name);
  }

  Throwable error() {
    return error.get();
  }

  @Override
  public void close() {
    context.cancel(null);
  }
}
