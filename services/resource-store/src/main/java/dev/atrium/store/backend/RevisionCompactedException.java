package dev.atrium.store.backend;

/** A watch asked to resume from a revision older than the retained event history; it must re-list. */
public class RevisionCompactedException extends RuntimeException {
  private final long requested;
  private final long oldestAvailable;

  public RevisionCompactedException(long requested, long oldestAvailable) {
    super("revision " + requested + " has been compacted; the oldest resumable revision is " + oldestAvailable
        + ": re-list and watch from the new state");
    this.requested = requested;
    this.oldestAvailable = oldestAvailable;
  }

  public long requested() { return requested; }
  public long oldestAvailable() { return oldestAvailable; }
}
