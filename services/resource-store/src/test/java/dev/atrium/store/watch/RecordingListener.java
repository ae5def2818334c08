package dev.atrium.store.watch;

import static org.assertj.core.api.Assertions.fail;

import dev.atrium.store.backend.StoreEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/** A watch listener that records what it receives and lets a test wait for it. */
public final class RecordingListener implements WatchHub.Listener {
  private final List<StoreEvent> events = new ArrayList<>();
  private final List<String> trace = new ArrayList<>();
  private Throwable error;
  private long syncedRevision = -1;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  /** Makes onEvent wait until {@code gate} opens: a consumer that is stuck for a while. */
  public RecordingListener blockedUntil(CountDownLatch gate) {
    this.gate = gate;
    return this;
  }

  @Override
  public void onEvent(StoreEvent event) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      events.add(event);
      trace.add(event.type() + " " + event.key() + " @" + event.revision());
      notifyAll();
    }
  }

  @Override
  public synchronized void onSynced(long revision) {
    trace.add("SYNCED @" + revision);
    syncedRevision = revision;
    notifyAll();
  }

  @Override
  public synchronized void onError(Throwable e) {
    error = e;
    trace.add("ERROR " + e.getClass().getSimpleName());
    notifyAll();
  }

  public synchronized List<StoreEvent> events() {
    return List.copyOf(events);
  }

  /** Every call received, in order: "PUT Kind/mesh/name @rev", "SYNCED @rev", "ERROR Type". */
  public synchronized List<String> trace() {
    return List.copyOf(trace);
  }

  public synchronized Throwable error() {
    return error;
  }

  /** Waits until at least {@code count} events arrived; fails early if the subscription ended with an error. */
  public List<StoreEvent> awaitEvents(int count) {
    awaitState(l -> l.events.size() >= count || l.error != null, "at least " + count + " events");
    synchronized (this) {
      if (error != null && events.size() < count) {
        throw new AssertionError("subscription ended after " + events.size() + " of " + count + " events", error);
      }
      return List.copyOf(events);
    }
  }

  /** Waits for onSynced and returns its revision. */
  public long awaitSynced() {
    awaitState(l -> l.syncedRevision >= 0 || l.error != null, "onSynced");
    synchronized (this) {
      if (syncedRevision < 0) throw new AssertionError("subscription ended before it synced", error);
      return syncedRevision;
    }
  }

  public Throwable awaitError() {
    awaitState(l -> l.error != null, "an error");
    return error();
  }

  private synchronized void awaitState(Predicate<RecordingListener> condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.test(this)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) fail("timed out waiting for " + what + "; received: " + trace);
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }
}
