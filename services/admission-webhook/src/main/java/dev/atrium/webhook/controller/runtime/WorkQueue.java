package dev.atrium.webhook.controller.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keys waiting to be reconciled, with client-go's workqueue guarantees: a key is queued at most once
 * however many events name it, never handed to two workers at once, and a key added while it is being
 * reconciled is handed out again afterwards (so no change is missed). Failed keys come back after a
 * per-key delay that doubles up to a maximum and resets on success.
 */
public final class WorkQueue<K> implements AutoCloseable {
  private final Deque<K> queue = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final ScheduledExecutorService timer;
  private boolean closed;

  public WorkQueue(String name, Duration baseDelay, Duration maxDelay) {
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-retry");
      t.setDaemon(true);
      return t;
    });
  }

  public synchronized void add(K key) {
    if (closed || !dirty.add(key)) return;
    if (!processing.contains(key)) {
      queue.addLast(key);
      notifyAll();
    }
  }

  /** The next key, blocking until there is one; null once closed. */
  public synchronized K take() throws InterruptedException {
    while (queue.isEmpty() && !closed) wait();
    if (closed) return null;
    K key = queue.removeFirst();
    dirty.remove(key);
    processing.add(key);
    return key;
  }

  /** The worker is done with {@code key}; it is queued again if it was added meanwhile. */
  public synchronized void done(K key) {
    processing.remove(key);
    if (dirty.contains(key) && !closed) {
      queue.addLast(key);
      notifyAll();
    }
  }

  /** Reconciled successfully: its next failure starts from the base delay again. */
  public synchronized void forget(K key) {
    failures.remove(key);
  }

  /**
   * Every key waiting out a failure's delay is queued now, for when what they failed on is back (the
   * store answering again after an outage: a 30 s delay must not hide it). Their delays are kept, so
   * a key that fails again backs off further.
   */
  public synchronized void retryFailedNow() {
    List.copyOf(failures.keySet()).forEach(this::add);
  }

  /** Failed: add it again after its back-off delay, which this doubles. */
  public Duration retryLater(K key) {
    int n;
    synchronized (this) {
      n = failures.merge(key, 1, Integer::sum);
    }
    long millis = baseDelay.toMillis() * (1L << Math.min(n - 1, 20));
    Duration delay = Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    return delay;
  }

  public synchronized int size() {
    return queue.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    timer.shutdownNow();
    notifyAll();
  }
}
