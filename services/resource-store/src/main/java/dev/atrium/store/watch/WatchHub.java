package dev.atrium.store.watch;

import dev.atrium.store.backend.RevisionCompactedException;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fans the store's change log out to in-process subscribers (the gRPC Watch streams, caches).
 *
 * <p>One pump thread per hub reads new events with {@link StoreBackend#eventsAfter} whenever the
 * backend signals a commit, so the database is read once however many watchers there are, and hands
 * each event to every matching subscriber's bounded queue. Subscribers are called on a separate
 * delivery pool, one call at a time per subscriber and in revision order. A subscriber whose queue
 * overflows is ended with {@link WatchFellBehindException} instead of slowing the others down.
 *
 * <p>For the store's metrics, live events carry the moment the backend signalled their commit
 * ({@link Listener#onLiveEvent}), and {@link #revisionsBehind} says how far the slowest subscriber is
 * from what the pump has read.
 */
public final class WatchHub implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WatchHub.class.getName());
  private static final long RETRY_DELAY_MILLIS = 1_000;

  /** Receives one subscription's stream. Calls never overlap and should return quickly. */
  public interface Listener {
    /** The next event, in revision order; for an initial list, a PUT per resource with the snapshot's revision. */
    void onEvent(StoreEvent event);

    /**
     * A live event: one the pump read after this subscription had caught up. {@code signalledAtNanos} is
     * the {@link System#nanoTime()} at which the backend signalled the commit (or, for events the pump
     * read without a signal, when it read them), so a stream can tell how long a change took to reach
     * it. Unless overridden, the same as {@link #onEvent}.
     */
    default void onLiveEvent(StoreEvent event, long signalledAtNanos) {
      onEvent(event);
    }

    /** After the initial list of a subscription from revision 0: the state as of {@code revision} is complete. */
    void onSynced(long revision);

    /** The subscription has ended and nothing more will be delivered; e.g. RevisionCompactedException or WatchFellBehindException. */
    void onError(Throwable error);
  }

  /** A running subscription. */
  public interface Subscription extends AutoCloseable {
    /** Stops delivery; the listener receives no further calls once a call in progress returns. */
    @Override
    void close();
  }

  /**
   * @param batchSize events read per eventsAfter call (pump and backlog)
   * @param queueCapacity live events a subscriber may have waiting before it is ended as fallen behind
   */
  public record Options(int batchSize, int queueCapacity) {
    public static final Options DEFAULT = new Options(500, 10_000);

    public Options {
      if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
      // The pump hands over a whole batch at once: a smaller queue would fail even an idle subscriber.
      if (queueCapacity < batchSize) {
        throw new IllegalArgumentException("queueCapacity (" + queueCapacity + ") must be at least batchSize (" + batchSize + ")");
      }
    }
  }

  private final StoreBackend backend;
  private final Options options;
  private final ExecutorService delivery = Executors.newCachedThreadPool(daemonThreads("atrium-watch-delivery-"));
  private final Thread pump;

  private final Object dispatchLock = new Object();
  private final Set<WatchSubscriber> subscribers = new LinkedHashSet<>(); // guarded by dispatchLock
  private long dispatchedThrough; // guarded by dispatchLock; written only by the pump

  private final Object wakeLock = new Object();
  private boolean wakeRequested = true; // guarded by wakeLock; true: catch up with commits made before we registered
  private boolean signalPending; // guarded by wakeLock: a commit signal the pump has not yet started reading for
  private long signalledAt; // guarded by wakeLock: System.nanoTime() of the first such signal
  private volatile boolean closed;

  public WatchHub(StoreBackend backend) {
    this(backend, Options.DEFAULT);
  }

  public WatchHub(StoreBackend backend, Options options) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.options = Objects.requireNonNull(options, "options");
    backend.onCommitted(this::committed); // before reading the revision, so no commit falls between the two
    this.dispatchedThrough = backend.revision();
    this.pump = new Thread(this::pumpLoop, "atrium-watch-pump");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Subscribes to changes. Returns at once: the initial list or backlog is read and delivered on the
   * delivery pool, so a caller that needs the initial state before writing waits for onSynced.
   *
   * @param fromRevision 0 for the current state first (PUT events, then {@link Listener#onSynced}),
   *     then every later event; otherwise every event with a greater revision, then live events
   * @param kinds kinds to receive; empty for all
   * @param meshOrNull one mesh (including the Mesh resource of that name), or null for all
   */
  public Subscription subscribe(long fromRevision, Set<String> kinds, String meshOrNull, Listener listener) {
    if (fromRevision < 0) throw new IllegalArgumentException("fromRevision must not be negative: " + fromRevision);
    Objects.requireNonNull(listener, "listener");
    WatchSubscriber subscriber = new WatchSubscriber(backend, delivery, new WatchFilter(kinds, meshOrNull), listener,
        fromRevision, options.batchSize(), options.queueCapacity(), this::remove);
    long liveFrom;
    synchronized (dispatchLock) {
      if (closed) throw new IllegalStateException("the watch hub is closed");
      subscribers.add(subscriber);
      liveFrom = dispatchedThrough;
    }
    subscriber.start(liveFrom);
    return subscriber;
  }

  /** Ends every subscription with an error (so streams do not hang open) and stops the threads. */
  @Override
  public void close() {
    List<WatchSubscriber> remaining;
    synchronized (dispatchLock) {
      if (closed) return;
      closed = true;
      remaining = new ArrayList<>(subscribers);
    }
    wake();
    remaining.forEach(s -> s.fail(new IllegalStateException("the store's watch hub is shutting down")));
    try {
      pump.join(5_000);
      delivery.shutdown();
      delivery.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * How many of the revisions the pump has read the slowest subscriber has not received yet (0 when every
   * subscriber is up to date). Revisions, not events: the Kubernetes backend's etcd revisions have gaps.
   */
  public long revisionsBehind() {
    synchronized (dispatchLock) {
      long worst = 0;
      for (WatchSubscriber s : subscribers) worst = Math.max(worst, s.revisionsBehind(dispatchedThrough));
      return worst;
    }
  }

  private void remove(WatchSubscriber subscriber) {
    synchronized (dispatchLock) {
      subscribers.remove(subscriber);
    }
  }

  /** The backend's onCommitted callback: must not block. Remembers when the oldest unread commit was signalled. */
  private void committed() {
    synchronized (wakeLock) {
      if (!signalPending) {
        signalPending = true;
        signalledAt = System.nanoTime();
      }
      wakeRequested = true;
      wakeLock.notifyAll();
    }
  }

  private void wake() {
    synchronized (wakeLock) {
      wakeRequested = true;
      wakeLock.notifyAll();
    }
  }

  private void pumpLoop() {
    while (awaitWake()) {
      long signalled = takeSignalTime();
      try {
        dispatchNewEvents(signalled);
      } catch (RevisionCompactedException e) {
        // The pump itself fell further behind than the retained log: nobody can be served gap-free.
        failAll(e);
        synchronized (dispatchLock) {
          dispatchedThrough = e.oldestAvailable();
        }
        wake();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "reading store events failed; retrying in " + RETRY_DELAY_MILLIS + " ms", e);
        restoreSignalTime(signalled); // the retry delivers the same commits: their lag counts from the same signal
        pause();
        wake();
      }
    }
  }

  private boolean awaitWake() {
    synchronized (wakeLock) {
      while (!wakeRequested && !closed) {
        try {
          wakeLock.wait();
        } catch (InterruptedException e) {
          return false;
        }
      }
      wakeRequested = false;
      return !closed;
    }
  }

  /** When the commits the pump is about to read were signalled; now if it was woken for another reason. */
  private long takeSignalTime() {
    synchronized (wakeLock) {
      long t = signalPending ? signalledAt : System.nanoTime();
      signalPending = false;
      return t;
    }
  }

  private void restoreSignalTime(long t) {
    synchronized (wakeLock) {
      if (!signalPending || t - signalledAt < 0) signalledAt = t;
      signalPending = true;
    }
  }

  private void dispatchNewEvents(long signalled) {
    while (!closed) {
      long after;
      synchronized (dispatchLock) {
        after = dispatchedThrough;
      }
      List<StoreEvent> batch = backend.eventsAfter(after, options.batchSize());
      if (batch.isEmpty()) return;
      synchronized (dispatchLock) {
        for (StoreEvent event : batch) {
          for (WatchSubscriber s : subscribers) s.offer(event, signalled);
        }
        dispatchedThrough = batch.get(batch.size() - 1).revision();
      }
      if (batch.size() < options.batchSize()) return;
    }
  }

  private void failAll(Throwable error) {
    List<WatchSubscriber> all;
    synchronized (dispatchLock) {
      all = new ArrayList<>(subscribers);
    }
    all.forEach(s -> s.fail(error));
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_DELAY_MILLIS); // not woken by commits: while the database is down they come fast
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
