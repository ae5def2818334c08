package dev.atrium.xds.insight;

import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.xds.ads.ProxyId;
import java.util.Optional;

/**
 * Where insights are read and written: the Store gRPC API in the service, a map in tests. Blocking. Every
 * proxy's record is handled in DataplaneInsight's form; a ZoneIngress's is stored as its ZoneIngressInsight.
 */
public interface InsightStore {

  /** An insight as stored, with the version a conditional write must name. */
  record Stored(long version, DataplaneInsightSpec spec) {}

  Optional<Stored> get(ProxyId proxy);

  /**
   * Writes the insight if the stored one is still at {@code expectedVersion} (0: must not exist yet).
   *
   * @return the new version
   * @throws Conflict when someone else wrote it meanwhile
   * @throws OwnerMissing when the proxy's Dataplane (ZoneIngress) no longer exists (the store refuses the insight)
   */
  long put(ProxyId proxy, DataplaneInsightSpec spec, long expectedVersion);

  final class Conflict extends RuntimeException {
    public Conflict(String message) {
      super(message);
    }
  }

  final class OwnerMissing extends RuntimeException {
    public OwnerMissing(String message) {
      super(message);
    }
  }
}
