package dev.atrium.store.watch;

import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.StoreSnapshot;
import dev.atrium.store.backend.StoredResource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One subscription: catches up (snapshot or backlog), then delivers live events from a bounded queue.
 * All listener calls for one subscriber run one after another on the hub's delivery executor, never
 * on the pump thread, so a slow listener delays only itself.
 *
 * <p>The hub registers the subscriber for live events before catch-up starts and tells it the revision
 * the pump had dispatched through at that moment ({@code liveFrom}). Catch-up reads the backlog up to
 * that revision; everything after it is in the queue. Queued events at or below the last delivered
 * revision (catch-up may have started from a newer snapshot) are skipped, so each event arrives once.
 * Live events go to {@link WatchHub.Listener#onLiveEvent} with the time their commit was signalled.
 */
final class WatchSubscriber implements WatchHub.Subscription {
  private static final System.Logger LOG = System.getLogger(WatchSubscriber.class.getName());

  private final StoreBackend backend;
  private final Executor executor;
  private final WatchFilter filter;
  private final WatchHub.Listener listener;
  private final long fromRevision;
  private final int batchSize;
  private final int queueCapacity;
  private final Consumer<WatchSubscriber> onEnd;

  // Guarded by this: handed over from the pump thread to the delivery task.
  private final ArrayDeque<Live> queue = new ArrayDeque<>();
  private boolean scheduled; // a delivery task is queued or running
  private long inFlight; // the revision of the live event being delivered, 0 when none
  private Throwable pendingError;
  private volatile boolean ended;

  // Only touched by the delivery task, which never runs twice at once.
  private long lastDelivered;

  // Written by the delivery task, read by revisionsBehind: how far catch-up has got, and whether it is over.
  private volatile long catchUpPosition;
  private volatile boolean live;

  /** A live event and the System.nanoTime() at which its commit was signalled. */
  private record Live(StoreEvent event, long signalledAt) {}

  WatchSubscriber(StoreBackend backend, Executor executor, WatchFilter filter, WatchHub.Listener listener,
      long fromRevision, int batchSize, int queueCapacity, Consumer<WatchSubscriber> onEnd) {
    this.backend = backend;
    this.executor = executor;
    this.filter = filter;
    this.listener = listener;
    this.fromRevision = fromRevision;
    this.batchSize = batchSize;
    this.queueCapacity = queueCapacity;
    this.onEnd = onEnd;
    this.catchUpPosition = fromRevision;
  }

  /** Starts catch-up on the delivery executor. */
  void start(long liveFrom) {
    synchronized (this) {
      scheduled = true;
    }
    submit(() -> {
      try {
        catchUp(liveFrom);
      } catch (RuntimeException e) {
        end(e); // RevisionCompactedException among others: the watcher must re-list
        return;
      }
      drain();
    });
  }

  /** A live event from the pump, which holds the hub's dispatch lock: must not block. */
  void offer(StoreEvent event, long signalledAt) {
    if (!filter.matches(event)) return;
    synchronized (this) {
      if (ended || pendingError != null) return;
      if (queue.size() >= queueCapacity) {
        queue.clear();
        pendingError = new WatchFellBehindException(queueCapacity);
      } else {
        queue.add(new Live(event, signalledAt));
      }
      if (scheduled) return;
      scheduled = true;
    }
    submit(this::drain);
  }

  /** Ends the subscription with {@code error}, after any delivery in progress. */
  void fail(Throwable error) {
    synchronized (this) {
      if (ended || pendingError != null) return;
      queue.clear();
      pendingError = error;
      if (scheduled) return;
      scheduled = true;
    }
    submit(this::drain);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (ended) return;
      ended = true;
      queue.clear();
    }
    onEnd.accept(this);
  }

  /**
   * How many revisions up to {@code head} (what the pump has read) this subscriber has not received:
   * from its oldest undelivered live event, or from where catch-up has got. Called with the hub's
   * dispatch lock held, as {@link #offer} is.
   */
  synchronized long revisionsBehind(long head) {
    if (ended) return 0;
    if (!live) return Math.max(0, head - catchUpPosition);
    long oldest = inFlight != 0 ? inFlight : queue.isEmpty() ? 0 : queue.peek().event().revision();
    return oldest == 0 ? 0 : Math.max(0, head - oldest + 1);
  }

  private void catchUp(long liveFrom) {
    long position = fromRevision;
    if (fromRevision == 0) {
      StoreSnapshot snapshot = backend.snapshot(filter.kinds());
      for (StoredResource r : snapshot.resources()) {
        if (filter.matches(r)) deliver(new StoreEvent(snapshot.revision(), StoreEvent.Type.PUT, r));
      }
      if (stopped()) return;
      listener.onSynced(snapshot.revision());
      position = snapshot.revision();
      catchUpPosition = position;
    }
    // Backlog up to liveFrom; later events are in the queue.
    while (position < liveFrom && !stopped()) {
      List<StoreEvent> page = backend.eventsAfter(position, batchSize);
      if (page.isEmpty()) break;
      for (StoreEvent e : page) {
        if (e.revision() > liveFrom) break;
        if (filter.matches(e)) deliver(e);
        position = e.revision();
        catchUpPosition = position;
      }
      if (page.size() < batchSize) break;
    }
    lastDelivered = position;
    live = true;
  }

  private void drain() {
    while (true) {
      Live next;
      Throwable error;
      synchronized (this) {
        error = pendingError;
        next = error == null ? queue.poll() : null;
        inFlight = next == null ? 0 : next.event().revision();
        if (error == null && next == null) {
          scheduled = false;
          return;
        }
      }
      if (error != null) {
        end(error);
        return;
      }
      StoreEvent event = next.event();
      if (event.revision() <= lastDelivered) continue;
      hand(() -> listener.onLiveEvent(event, next.signalledAt()));
      lastDelivered = event.revision();
    }
  }

  /** Closed, or an error is waiting to be reported: deliver nothing more. */
  private synchronized boolean stopped() {
    return ended || pendingError != null;
  }

  private void deliver(StoreEvent event) {
    hand(() -> listener.onEvent(event));
  }

  /** One call to the listener, unless the subscription has stopped. */
  private void hand(Runnable call) {
    if (stopped()) return;
    try {
      call.run();
    } catch (RuntimeException e) {
      fail(e); // a listener that throws has lost track of the stream: end it rather than skip an event
    }
  }

  private void end(Throwable error) {
    synchronized (this) {
      if (ended) return;
      ended = true;
      queue.clear();
      scheduled = false;
    }
    onEnd.accept(this);
    try {
      listener.onError(error);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "watch listener failed in onError", e);
    }
  }

  private void submit(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // The hub is shutting down; it has already told every subscriber.
      synchronized (this) {
        ended = true;
        scheduled = false;
      }
    }
  }
}
