package dev.atrium.xds.reconcile;

import dev.atrium.core.ir.MeshTlsIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.translate.OtherMeshes;
import dev.atrium.core.translate.ProxyTranslator;
import dev.atrium.core.translate.ZoneIngressTranslator;
import dev.atrium.core.model.Resource;
import dev.atrium.core.xds.MeshSecrets;
import dev.atrium.core.xds.SharedResources;
import dev.atrium.core.xds.XdsResources;
import dev.atrium.core.xds.XdsTranslator;
import dev.atrium.xds.ads.AdsServer;
import dev.atrium.xds.ads.ProxyId;
import dev.atrium.xds.ads.XdsObserver;
import dev.atrium.xds.identity.IdentityIssuer;
import dev.atrium.xds.identity.IdentitySecrets;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The pipeline's last step for one proxy: translate, and set a snapshot only if some type's
 * content hash changed — an unchanged config is never re-sent, and a changed endpoint re-sends only
 * EDS because every type carries its own version. For a proxy of an mTLS mesh the identity issuer's
 * secrets join the translated SDS list, so a renewed certificate changes the SDS version only.
 */
final class SnapshotPublisher {
  private static final String[] TYPES = {Resources.V3.CLUSTER_TYPE_URL, Resources.V3.ENDPOINT_TYPE_URL,
      Resources.V3.LISTENER_TYPE_URL, Resources.V3.ROUTE_TYPE_URL, Resources.V3.SECRET_TYPE_URL};

  private final AdsServer ads;
  private final XdsObserver observer;
  private final IdentityIssuer identities;

  SnapshotPublisher(AdsServer ads, XdsObserver observer, IdentityIssuer identities) {
    this.ads = ads;
    this.observer = observer;
    this.identities = identities;
  }

  /**
   * What a publish leaves for the reconciler: the services the config depends on, when the proxy's
   * certificate is due for renewal (null: no certificate), and whether it trusts every mesh's CA.
   */
  record Published(Set<String> services, Instant renewAt, boolean allMeshesCa) {}

  /** One proxy's translated config and what translating it took (before identity and publishing). */
  record Translation(ProxyIr ir, XdsResources xds, long nanos) {}

  /**
   * The pure part of a publish: the proxy's IR and Envoy resources. Touches no state of this class, so
   * any thread may run it ({@link BatchTranslator}); {@link #publish(MeshSnapshot, ProxyId, Translation, Supplier)}
   * must then run on the reconcile thread.
   */
  static Translation translate(MeshSnapshot mesh, ProxyId id, OtherMeshes others) {
    long start = System.nanoTime();
    ProxyIr ir = ProxyTranslator.translate(mesh, id.name(), others);
    // One SharedResources per mesh snapshot: the proxies of a batch build each distinct resource once.
    XdsResources xds = XdsTranslator.translate(ir, mesh.derived(SharedResources.class, SharedResources::create));
    return new Translation(ir, xds, System.nanoTime() - start);
  }

  /** A ZoneIngress's config from every mesh's snapshot: pure, like {@link #translate(MeshSnapshot, ProxyId, OtherMeshes)}. */
  static Translation translateIngress(Resource ingress, List<MeshSnapshot> meshes) {
    long start = System.nanoTime();
    ProxyIr ir = ZoneIngressTranslator.translate(ingress, meshes);
    return new Translation(ir, XdsTranslator.translate(ir), System.nanoTime() - start);
  }

  /**
   * Translates, adds the proxy's mesh-TLS secrets, and publishes what changed.
   *
   * @param others the other meshes, for cross-mesh outbounds (the same snapshots for a whole batch)
   * @param allMeshes every mesh, read only for a proxy that trusts every mesh's CA
   */
  Published publish(MeshSnapshot mesh, ProxyId id, OtherMeshes others, Supplier<Collection<MeshSnapshot>> allMeshes) {
    return publish(mesh, id, translate(mesh, id, others), allMeshes);
  }

  /** Adds the proxy's mesh-TLS secrets to {@code translation} and publishes what changed (reconcile thread). */
  Published publish(MeshSnapshot mesh, ProxyId id, Translation translation, Supplier<Collection<MeshSnapshot>> allMeshes) {
    long start = System.nanoTime();
    ProxyIr ir = translation.ir();
    XdsResources xds = translation.xds();
    List<Secret> secrets = xds.secrets();
    List<String> secretVersions = xds.resourceVersions(Resources.V3.SECRET_TYPE_URL);
    String secretsVersion = xds.version(Resources.V3.SECRET_TYPE_URL);
    MeshTlsIr tls = ir.mtls();
    Instant renewAt = null;
    if (tls != null) {
      IdentitySecrets identity = identities.secretsFor(id, mesh, mesh.dataplane(id.name()).orElseThrow(), tls,
          tls.allMeshesCa() ? allMeshes.get() : List.of());
      List<Secret> all = new ArrayList<>(secrets);
      all.addAll(identity.secrets());
      secrets = MeshSecrets.sorted(all);
      secretVersions = MeshSecrets.resourceVersions(secrets);
      secretsVersion = MeshSecrets.version(secrets);
      renewAt = identity.renewAt();
    } else {
      identities.forget(id);
    }
    boolean changed = !unchanged(ads.snapshot(id), xds, secretsVersion);
    observer.generated(Duration.ofNanos(translation.nanos() + System.nanoTime() - start), changed);
    if (changed) {
      ads.setSnapshot(id, new DigestSnapshot(xds, secrets, secretVersions, secretsVersion));
    }
    return new Published(ir.services(), renewAt, tls != null && tls.allMeshesCa());
  }

  /** @return false when the cache still has watches of the proxy and kept its snapshot */
  boolean forget(ProxyId id) {
    return ads.clearSnapshot(id);
  }

  private static boolean unchanged(Snapshot current, XdsResources next, String secretsVersion) {
    if (current == null) return false;
    for (String type : TYPES) {
      String version = type.equals(Resources.V3.SECRET_TYPE_URL) ? secretsVersion : next.version(type);
      if (!current.version(type).equals(version)) return false;
    }
    return true;
  }
}
