package dev.atrium.bench.multizone;

import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import io.grpc.Context;
import dev.atrium.testing.tls.StoreChannels;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Store.Watch stream on a store, held as another Atrium service holds it, for one kind. It notes when
 * the first PUT event of each resource whose display name ({@code kuma.io/display-name}, the original's name
 * on a synced copy; else the name) starts with {@code prefix} arrived — System.nanoTime taken first thing in
 * the callback, comparable with the writers' clock in this JVM. From revision 0 the initial state is not
 * counted (only events after SYNCED); from a later revision every event is.
 */
final class StoreWatch implements AutoCloseable {
  private final String prefix;
  private final boolean countInitial;
  private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong lastRevision = new AtomicLong();
  private final CountDownLatch synced = new CountDownLatch(1);
  private final AtomicReference<Throwable> error = new AtomicReference<>();
  private final Context.CancellableContext context = Context.current().withCancellation();

  private final ManagedChannel channel;

  /** A Watch on the store whose Store gRPC API listens on {@code grpcPort}, over its own channel (mutual TLS). */
  StoreWatch(int grpcPort, String kind, long fromRevision, String prefix) {
    this.channel = StoreChannels.to(grpcPort);
    this.prefix = prefix;
    this.countInitial = fromRevision > 0;
    if (countInitial) synced.countDown();
    WatchRequest request = WatchRequest.newBuilder().addKinds(kind).setFromRevision(fromRevision).build();
    context.run(() -> StoreGrpc.newStub(channel).watch(request, new StreamObserver<>() {
      @Override
      public void onNext(WatchEvent event) {
        long now = System.nanoTime();
        if (event.getRevision() > 0) lastRevision.accumulateAndGet(event.getRevision(), Math::max);
        if (event.getType() == WatchEvent.Type.SYNCED) {
          synced.countDown();
        } else if (event.getType() == WatchEvent.Type.PUT) {
          lastRevision.accumulateAndGet(event.getResource().getVersion(), Math::max);
          if (synced.getCount() != 0) return;
          var r = event.getResource();
          String name = r.getLabelsOrDefault("kuma.io/display-name", r.getKey().getName());
          if (name.startsWith(StoreWatch.this.prefix)) {
            events.incrementAndGet();
            receivedAt.putIfAbsent(name, now);
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        error.compareAndSet(null, t);
      }

      @Override
      public void onCompleted() {
        error.compareAndSet(null, new IllegalStateException("the store ended the watch stream"));
      }
    }));
  }

  StoreWatch awaitSynced(Duration timeout) throws InterruptedException {
    if (!synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("no SYNCED within " + timeout + (error.get() == null ? "" : ": " + error.get()));
    }
    return this;
  }

  /** Distinct resources seen so far. */
  int received() {
    return receivedAt.size();
  }

  /** PUT events counted (a resource written twice counts twice). */
  long events() {
    return events.get();
  }

  Long receivedAt(String name) {
    return receivedAt.get(name);
  }

  Map<String, Long> arrivals() {
    return receivedAt;
  }

  long lastRevision() {
    return lastRevision.get();
  }

  Throwable error() {
    return error.get();
  }

  @Override
  public void close() {
    context.cancel(null);
    channel.shutdownNow();
  }
}
