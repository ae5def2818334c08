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
}
