package dev.atrium.e2e;

import dev.atrium.testing.process.StoreProcess;

import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** One Store.Watch stream as another Atrium service would hold it; events land in a queue. */
final class WatchClient implements AutoCloseable {
  private final BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
  private final AtomicReference<Throwable> error = new AtomicReference<>();
  private final Context.CancellableContext context = Context.current().withCancellation();
  private final ManagedChannel channel;

  /** Opens its own channel to {@code store}, so that closing the client ends everything it started. */
  WatchClient(StoreProcess store, long fromRevision) {
    this.channel = Channels.to(store);
    WatchRequest request = WatchRequest.newBuilder().setFromRevision(fromRevision).build();
    context.run(() -> StoreGrpc.newStub(channel).watch(request, new StreamObserver<>() {
      @Override
      public void onNext(WatchEvent value) {
        events.add(value);
      }

      @Override
      public void onError(Throwable t) {
        error.set(t);
      }

      @Override
      public void onCompleted() {}
    }));
  }

  /** The next event, or null after {@code timeout}. */
  WatchEvent next(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Skips the initial list: returns the SYNCED event's revision. */
  long awaitSynced(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      WatchEvent e = next(Duration.ofMillis(100));
      if (e != null && e.getType() == WatchEvent.Type.SYNCED) return e.getRevision();
    }
    throw new AssertionError("no SYNCED within " + timeout + (error.get() == null ? "" : ": " + error.get()));
  }

  Throwable error() {
    return error.get();
  }

  /** Cuts the stream off from the client side, as a crashing or restarting client would. */
  @Override
  public void close() {
    context.cancel(null);
    channel.shutdownNow();
  }
}
