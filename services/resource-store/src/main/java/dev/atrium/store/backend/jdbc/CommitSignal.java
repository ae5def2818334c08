package dev.atrium.store.backend.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code onCommitted} listeners of one backend. Listeners learn only "there may be new events";
 * they read them with eventsAfter, so firing once for several commits, or once too often, is fine,
 * and firing too rarely is the only bug.
 */
final class CommitSignal {
  private static final System.Logger LOG = System.getLogger(CommitSignal.class.getName());

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  /** The newest revision listeners have been (or are being) told about. */
  private final AtomicLong highestSignalled = new AtomicLong();

  void add(Runnable listener) {
    listeners.add(listener);
  }

  /** After a commit made by this process. */
  void committed(long revision) {
    highestSignalled.accumulateAndGet(revision, Math::max);
    fire();
  }

  /**
   * A commit announced by the database (possibly our own, echoed back). Skipped when a local commit
   * with that revision or a newer one has already fired: since commit order equals revision order,
   * that firing happened after this commit and its readers will see it.
   */
  void committedElsewhere(long revision) {
    if (highestSignalled.getAndAccumulate(revision, Math::max) >= revision) return;
    fire();
  }

  /** Unconditionally, e.g. after reconnecting, when announcements may have been missed. */
  void fire() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "onCommitted listener failed", e);
      }
    }
  }
}
