package dev.atrium.xds.reconcile;

import com.google.protobuf.Message;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.translate.ProxyTranslator;
import dev.atrium.core.xds.XdsResources;
import dev.atrium.core.xds.XdsTranslator;
import dev.atrium.xds.ads.AdsServer;
import dev.atrium.xds.ads.ProxyId;
import dev.atrium.xds.ads.XdsObserver;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The pipeline's last step for one proxy: translate, and set a snapshot only if some type's
 * content hash changed — an unchanged config is never re-sent, and a changed endpoint re-sends only
 * EDS because every type carries its own version.
 */
final class SnapshotPublisher {
  private static final String[] TYPES = {Resources.V3.CLUSTER_TYPE_URL, Resources.V3.ENDPOINT_TYPE_URL,
      Resources.V3.LISTENER_TYPE_URL, Resources.V3.ROUTE_TYPE_URL, Resources.V3.SECRET_TYPE_URL};

  private final AdsServer ads;
  private final XdsObserver observer;

  SnapshotPublisher(AdsServer ads, XdsObserver observer) {
    this.ads = ads;
    this.observer = observer;
  }

  /** Translates and publishes; returns the services the new config depends on. */
  Set<String> publish(MeshSnapshot mesh, ProxyId id) {
    long start = System.nanoTime();
    ProxyIr ir = ProxyTranslator.translate(mesh, id.name());
    XdsResources xds = XdsTranslator.translate(ir);
    boolean changed = !unchanged(ads.snapshot(id), xds);
    observer.generated(Duration.ofNanos(System.nanoTime() - start), changed);
    if (changed) {
      ads.setSnapshot(id, Snapshot.create(
          typed(xds, Resources.V3.CLUSTER_TYPE_URL, Cluster.class), xds.version(Resources.V3.CLUSTER_TYPE_URL),
          typed(xds, Resources.V3.ENDPOINT_TYPE_URL, ClusterLoadAssignment.class), xds.version(Resources.V3.ENDPOINT_TYPE_URL),
          typed(xds, Resources.V3.LISTENER_TYPE_URL, Listener.class), xds.version(Resources.V3.LISTENER_TYPE_URL),
          typed(xds, Resources.V3.ROUTE_TYPE_URL, RouteConfiguration.class), xds.version(Resources.V3.ROUTE_TYPE_URL),
          typed(xds, Resources.V3.SECRET_TYPE_URL, Secret.class), xds.version(Resources.V3.SECRET_TYPE_URL)));
    }
    return ir.services();
  }

  /** @return false when the cache still has watches of the proxy and kept its snapshot */
  boolean forget(ProxyId id) {
    return ads.clearSnapshot(id);
  }

  private static boolean unchanged(Snapshot current, XdsResources next) {
    if (current == null) return false;
    for (String type : TYPES) {
      if (!current.version(type).equals(next.version(type))) return false;
    }
    return true;
  }

  private static <T extends Message> List<T> typed(XdsResources xds, String typeUrl, Class<T> type) {
    return xds.resources(typeUrl).stream().map(type::cast).toList();
  }
}
