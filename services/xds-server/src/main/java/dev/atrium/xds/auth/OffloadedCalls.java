package dev.atrium.xds.auth;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs every listener event of an ADS call on a small worker pool, one event at a time per call and in
 * order (grpc-java's own server model), instead of on the Vert.x event loop that delivered it. Installed
 * only when authentication asks the Kubernetes API server (a TokenReview and a Pod read take
 * milliseconds, up to the request timeout): a reconnect storm then waits in this pool, and the event
 * loops keep serving the streams already open. Innermost but for {@link AuthorizationMetadata}, so that the
 * credentials' context is attached on the worker, and every other interceptor's events (a connection's
 * close cancelling its calls) pass through the same per-call order.
 */
public final class OffloadedCalls implements ServerInterceptor, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OffloadedCalls.class);
  private final ExecutorService pool;

  public OffloadedCalls(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "ads-auth-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SerialExecutor serial = new SerialExecutor();
    ServerCall.Listener<Q>[] delegate = newHolder();
    // The call starts on the worker too: its listener's events cannot run before it exists.
    serial.execute(() -> delegate[0] = next.startCall(call, headers));
    return new ServerCall.Listener<>() {
      @Override
      public void onMessage(Q message) {
        serial.execute(() -> delegate[0].onMessage(message));
      }

      @Override
      public void onHalfClose() {
        serial.execute(() -> delegate[0].onHalfClose());
      }

      @Override
      public void onCancel() {
        serial.execute(() -> delegate[0].onCancel());
      }

      @Override
      public void onComplete() {
        serial.execute(() -> delegate[0].onComplete());
      }

      @Override
      public void onReady() {
        serial.execute(() -> delegate[0].onReady());
      }
    };
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  @SuppressWarnings("unchecked")
  private static <Q> ServerCall.Listener<Q>[] newHolder() {
    return (ServerCall.Listener<Q>[]) new ServerCall.Listener<?>[1];
  }

  /** Runs its tasks one after another, in submission order, on the pool. */
  private final class SerialExecutor {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    void execute(Runnable task) {
      tasks.add(task);
      schedule();
    }

    private void schedule() {
      if (scheduled.compareAndSet(false, true)) pool.execute(this::drain);
    }

    private void drain() {
      try {
        Runnable task;
        while ((task = tasks.poll()) != null) {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.error("an ADS call's event failed", e);
          }
        }
      } finally {
        scheduled.set(false);
        if (!tasks.isEmpty()) schedule();
      }
    }
  }
}
