package dev.atrium.xds.ads;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.BindableService;
import java.time.Clock;

/**
 * java-control-plane's pieces, assembled once: a snapshot cache grouped by node id (one snapshot per
 * proxy), the NACK-holding watcher in front of it, the stream callbacks, and the ADS service that
 * serves both state-of-the-world and delta.
 */
public final class AdsServer {
  private final SimpleCache<String> cache = new SimpleCache<>(node -> node.getId());
  private final ProxyStreams streams;
  private final V3DiscoveryServer server;

  public AdsServer(ProxyStreams.Admission admission, ProxyStreams.ProxyLifecycle lifecycle) {
    this(admission, lifecycle, XdsObserver.NONE);
  }

  public AdsServer(ProxyStreams.Admission admission, ProxyStreams.ProxyLifecycle lifecycle, XdsObserver observer) {
    this.streams = new ProxyStreams(admission, lifecycle, Clock.systemUTC(), observer);
    this.server = new V3DiscoveryServer(streams, new NackHoldingWatcher(cache, streams::nackedVersion));
  }

  public BindableService adsService() {
    return server.getAggregatedDiscoveryServiceImpl();
  }

  public ProxyStreams streams() {
    return streams;
  }

  /** The snapshot last set for a proxy, or null. */
  public Snapshot snapshot(ProxyId id) {
    return cache.getSnapshot(id.nodeId());
  }

  /** Sets a proxy's snapshot; responses to waiting watches are sent on this thread. */
  public void setSnapshot(ProxyId id, Snapshot snapshot) {
    cache.setSnapshot(id.nodeId(), snapshot);
    streams.status(id).ifPresent(ProxyStatus::pushed);
  }

  /** @return false when the proxy still has open watches (the snapshot is then kept) */
  public boolean clearSnapshot(ProxyId id) {
    return cache.clearSnapshot(id.nodeId()) || cache.getSnapshot(id.nodeId()) == null;
  }
}
