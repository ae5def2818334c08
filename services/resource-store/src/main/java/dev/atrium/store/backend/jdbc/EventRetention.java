package dev.atrium.store.backend.jdbc;

/**
 * How much of the change log is kept for watchers that resume from a revision.
 *
 * @param keepEvents the newest this many events stay resumable; a watcher further behind re-lists
 * @param compactEvery compaction runs inside the write that crosses a multiple of this revision, so
 *     its cost (deleting about this many rows) is paid rarely and never by a background thread
 */
public record EventRetention(long keepEvents, long compactEvery) {
  public static final EventRetention DEFAULT = new EventRetention(100_000, 1_000);

  public EventRetention {
    if (keepEvents < 1) throw new IllegalArgumentException("keepEvents must be at least 1: " + keepEvents);
    if (compactEvery < 1) throw new IllegalArgumentException("compactEvery must be at least 1: " + compactEvery);
  }
}
