package dev.atrium.xds.ads;

import java.time.Duration;

/**
 * What the xDS machinery tells the outside about its work, for metrics. The ADS code calls it and
 * knows nothing of Micrometer; {@link #NONE} when nobody listens (unit tests).
 */
public interface XdsObserver {
  XdsObserver NONE = new XdsObserver() {};

  /** A proxy's config was translated: how long it took and whether anything changed. */
  default void generated(Duration took, boolean changed) {}

  /** A response of {@code typeUrl} went to a proxy. */
  default void sent(String typeUrl) {}

  /** A proxy accepted the latest response of {@code typeUrl}, {@code sinceSent} after it was sent. */
  default void acked(String typeUrl, Duration sinceSent) {}

  /** A proxy rejected a response of {@code typeUrl}. */
  default void nacked(String typeUrl) {}

  /**
   * A store change arrived, {@code sinceWritten} after the store stamped it (its modification time, set
   * just before the commit): the store's commit plus the Watch. Only meaningful where the two clocks
   * agree (one machine, or NTP-synchronised hosts).
   */
  default void changeReceived(Duration sinceWritten) {}

  /**
   * A reconcile pass ran: {@code queued} from the first change it handles arriving until it started,
   * {@code took} for the pass itself (snapshots, translations, publishing to the streams).
   */
  default void reconciled(Duration queued, Duration took) {}
}
