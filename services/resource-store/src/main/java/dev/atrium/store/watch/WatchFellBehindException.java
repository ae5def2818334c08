package dev.atrium.store.watch;

/**
 * A subscriber did not take its events fast enough and its bounded queue filled up. The subscription
 * has ended; the subscriber resumes by subscribing again from the revision of the last event it
 * received, which replays what it missed from the store's event log.
 */
public class WatchFellBehindException extends RuntimeException {
  public WatchFellBehindException(int queueCapacity) {
    super("watch subscriber fell behind: " + queueCapacity + " events were waiting for delivery; "
        + "resume the watch from the revision of the last event received");
  }
}
