package dev.atrium.webhook.controller.runtime;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * One controller: a {@link WorkQueue} and one worker thread that hands its keys to a
 * {@link Reconciler}, one at a time, off the event loop. Keys are accepted at any time; the worker
 * runs only between {@link #start()} and {@link #stop()} (while this replica leads).
 */
public final class ControllerLoop<K> implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ControllerLoop.class);

  private final String name;
  private final Reconciler<K> reconciler;
  private final WorkQueue<K> queue;
  private Thread worker;

  public ControllerLoop(String name, Reconciler<K> reconciler, Duration retryDelay, Duration maxRetryDelay) {
    this.name = name;
    this.reconciler = reconciler;
    this.queue = new WorkQueue<>(name, retryDelay, maxRetryDelay);
  }

  public void enqueue(K key) {
    queue.add(key);
  }

  /** Keys whose reconcile failed are retried now rather than after their back-off (see WorkQueue). */
  public void retryFailedNow() {
    queue.retryFailedNow();
  }

  public synchronized void start() {
    if (worker != null) return;
    worker = new Thread(this::work, "controller-" + name);
    worker.setDaemon(true);
    worker.start();
  }

  /** Stops handing out keys; the reconcile in progress, if any, is interrupted. */
  public synchronized void stop() {
    if (worker == null) return;
    worker.interrupt();
    worker = null;
  }

  public synchronized boolean running() {
    return worker != null;
  }

  private void work() {
    Thread self = Thread.currentThread();
    while (!self.isInterrupted()) {
      K key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) return;
      try {
        reconciler.reconcile(key);
        queue.forget(key);
      } catch (InterruptedException e) {
        queue.add(key); // queued again by done(): a later leader (maybe this one again) picks it up
        self.interrupt();
      } catch (Exception e) {
        Duration delay = queue.retryLater(key);
        LOG.warnf("%s: reconciling %s failed, retrying in %d ms: %s", name, key, delay.toMillis(), message(e));
        LOG.debugf(e, "%s: %s", name, key);
      } finally {
        queue.done(key);
      }
      if (self.isInterrupted()) return;
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public void close() {
    stop();
    queue.close();
  }
}
