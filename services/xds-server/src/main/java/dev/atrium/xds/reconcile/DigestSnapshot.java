package dev.atrium.xds.reconcile;

import com.google.protobuf.Message;
import dev.atrium.core.xds.XdsResources;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A proxy's snapshot whose versions are the translation's content digests, each type's and each
 * resource's ({@link XdsResources#resourceVersions}).
 *
 * <p>Why not {@code Snapshot.create}: it versions every resource by its protobuf {@code hashCode()}. That
 * walks every field of every resource not seen before — all the routes of a gateway's route table, on
 * every change — and gives a 32-bit value that differs between JVMs (it mixes in descriptors' identity
 * hashes). Delta xDS compares these versions with those a reconnecting proxy reports, so hashCode versions
 * resend everything after a restart or to another replica, and two contents with equal hashes would not be
 * resent at all. The digests were already computed for the type versions.
 */
final class DigestSnapshot extends Snapshot {
  private final SnapshotResources<Cluster> clusters;
  private final SnapshotResources<ClusterLoadAssignment> endpoints;
  private final SnapshotResources<Listener> listeners;
  private final SnapshotResources<RouteConfiguration> routes;
  private final SnapshotResources<Secret> secrets;

  /**
   * @param secrets the SDS list actually served (the translation's plus the proxy's identity), sorted
   * @param secretVersions each of {@code secrets}' own version, in order
   */
  DigestSnapshot(XdsResources xds, List<Secret> secrets, List<String> secretVersions, String secretsVersion) {
    this.clusters = typed(xds.clusters(), xds, Resources.V3.CLUSTER_TYPE_URL);
    this.endpoints = typed(xds.endpoints(), xds, Resources.V3.ENDPOINT_TYPE_URL);
    this.listeners = typed(xds.listeners(), xds, Resources.V3.LISTENER_TYPE_URL);
    this.routes = typed(xds.routes(), xds, Resources.V3.ROUTE_TYPE_URL);
    this.secrets = resources(secrets, secretVersions, secretsVersion);
  }

  private static <T extends Message> SnapshotResources<T> typed(List<T> resources, XdsResources xds, String typeUrl) {
    return resources(resources, xds.resourceVersions(typeUrl), xds.version(typeUrl));
  }

  private static <T extends Message> SnapshotResources<T> resources(List<T> resources, List<String> versions,
      String typeVersion) {
    if (resources.size() != versions.size()) {
      throw new IllegalArgumentException(resources.size() + " resources but " + versions.size() + " versions");
    }
    List<VersionedResource<T>> versioned = new ArrayList<>(resources.size());
    for (int i = 0; i < resources.size(); i++) versioned.add(VersionedResource.create(resources.get(i), versions.get(i)));
    // One version for the whole type, whichever names a request lists: as Snapshot.create's.
    return SnapshotResources.create(versioned, names -> typeVersion);
  }

  /**
   * As {@link Snapshot}'s: declared again only because its generic return type does not match the one the
   * base class declares, which javac requires a subclass outside the library to reconcile (raw type).
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Map versionedResources(Resources.ResourceType type) {
    return super.versionedResources(type);
  }

  @Override
  public SnapshotResources<Cluster> clusters() {
    return clusters;
  }

  @Override
  public SnapshotResources<ClusterLoadAssignment> endpoints() {
    return endpoints;
  }

  @Override
  public SnapshotResources<Listener> listeners() {
    return listeners;
  }

  @Override
  public SnapshotResources<RouteConfiguration> routes() {
    return routes;
  }

  @Override
  public SnapshotResources<Secret> secrets() {
    return secrets;
  }
}
