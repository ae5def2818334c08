package dev.atrium.xds.identity;

import dev.atrium.core.ir.MeshTlsIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.xds.MeshSecrets;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import dev.atrium.xds.ads.ProxyId;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Holds a certificate for every connected proxy of an mTLS mesh and hands out its SDS secrets:
 * {@code identity_cert:secret:<mesh>} (chain + key), {@code mesh_ca:secret:<mesh>}, and
 * {@code mesh_ca:secret:all} (every mTLS mesh's CA) when a listener of the proxy trusts all meshes.
 *
 * <p>A certificate is made when the proxy has none, when its mesh's {@code mtls} or CA changed, when
 * its tags changed, and once {@code now} passes 4/5 of its life ({@link ProxyIdentity#renewAt}); in
 * between the same secrets come back, so an unrelated change re-sends nothing. Keys are fresh each
 * time ({@link ProxyKeyAlgorithm}), live in memory only, and go when the proxy disconnects (as Kuma's).
 *
 * <p>Called on the reconciler's thread; the map is concurrent only so status readers may look.
 */
public final class IdentityIssuer {
  private static final Logger LOG = Logger.getLogger(IdentityIssuer.class);

  /** Told of every certificate made, for the proxy's DataplaneInsight and the metrics. */
  public interface Listener {
    Listener NONE = (id, identity, supportedBackends, took) -> {};

    void issued(ProxyId id, ProxyIdentity identity, List<String> supportedBackends, Duration took);
  }

  private final Clock clock;
  private final ProxyKeyAlgorithm keys;
  private final CertificateIssuer certificates;
  private final Map<ProxyId, ProxyIdentity> issued = new ConcurrentHashMap<>();
  /** The CA last read per mesh, with the snapshot it came from: one read per mesh per reconcile batch. */
  private final Map<String, CachedCa> cas = new ConcurrentHashMap<>();
  private volatile Listener listener = Listener.NONE;

  private record CachedCa(MeshSnapshot snapshot, MeshCa ca) {}

  public IdentityIssuer(Clock clock, ProxyKeyAlgorithm keys) {
    this.clock = clock;
    this.keys = keys;
    this.certificates = new CertificateIssuer(clock);
  }

  public void listener(Listener listener) {
    this.listener = Objects.requireNonNull(listener);
  }

  /**
   * The proxy's mesh-TLS secrets, issuing or renewing its certificate when due.
   *
   * @param otherMeshes every mesh the proxy's server knows (read only when {@code tls.allMeshesCa()})
   * @throws IdentityException when its mesh's CA cannot be read or the Dataplane has no service; the
   *     proxy's previous certificate, if any, is kept
   */
  public IdentitySecrets secretsFor(ProxyId id, MeshSnapshot mesh, Resource dataplane, MeshTlsIr tls,
      Collection<MeshSnapshot> otherMeshes) {
    MeshCa ca = caOf(mesh).orElseThrow(() -> new IdentityException(
        "mesh \"" + mesh.name() + "\" has mTLS off, so proxy " + id + " gets no certificate"));
    ProxyIdentity identity = current(id, mesh, dataplane, ca);
    List<Secret> secrets = new ArrayList<>();
    secrets.add(MeshSecrets.identity(tls.mesh(), identity.certificateChainPem(), identity.keyPem()));
    secrets.add(MeshSecrets.trustedCa(MeshTlsIr.caSecret(tls.mesh()), ca.trustedPem()));
    if (tls.allMeshesCa()) secrets.add(MeshSecrets.trustedCa(MeshTlsIr.ALL_MESHES_CA, allCas(mesh, ca, otherMeshes)));
    return new IdentitySecrets(MeshSecrets.sorted(secrets), identity.renewAt());
  }

  /** The certificate the proxy holds now, if any. */
  public Optional<ProxyIdentity> identity(ProxyId id) {
    return Optional.ofNullable(issued.get(id));
  }

  /** Drops a proxy's certificate (it disconnected, or its mesh turned mTLS off). */
  public void forget(ProxyId id) {
    issued.remove(id);
  }

  private ProxyIdentity current(ProxyId id, MeshSnapshot mesh, Resource dataplane, MeshCa ca) {
    List<URI> sans = IdentitySans.of(mesh.name(), dataplane);
    MeshSpec.Mtls mtls = mesh.mesh().specAs(MeshSpec.class).mtls();
    ProxyIdentity held = issued.get(id);
    Instant now = clock.instant();
    String reason = renewalReason(held, mtls, ca, sans, now);
    if (reason == null) return held;
    long started = System.nanoTime();
    MeshSpec.CertificateAuthorityBackend backend = mesh.mesh().specAs(MeshSpec.class).enabledBackend().orElseThrow();
    Duration lifetime = backend.certificateLifetime();
    IssuedCertificate cert = certificates.issue(ca.signer(), new CertificateRequest("", List.of(), List.of(), sans,
        lifetime, CertificateRequest.Usage.WORKLOAD), keys.generate());
    ProxyIdentity next = new ProxyIdentity(mesh.name(), ca.backend(), sans, mtls, ca.trustedPem(), cert.certificatePem(),
        cert.keyPem(), now, now.plus(lifetime), held == null ? 1 : held.regenerations() + 1);
    issued.put(id, next);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    LOG.debugf("certificate for %s issued (%s): %s", id, reason, next);
    listener.issued(id, next, List.of(ca.backend()), took);
    return next;
  }

  /** Why a new certificate is needed, or null when the held one stays (Kuma's four reasons). */
  static String renewalReason(ProxyIdentity held, MeshSpec.Mtls mtls, MeshCa ca, List<URI> sans, Instant now) {
    if (held == null) return "mTLS is enabled and the proxy has no certificate yet";
    if (!Objects.equals(held.mtls(), mtls) || !held.caPem().equals(ca.trustedPem())) return "the mesh's mTLS settings or CA changed";
    if (!held.sans().equals(sans)) return "the Dataplane's tags changed";
    if (now.isAfter(held.renewAt()) || now.equals(held.renewAt())) {
      return "4/5 of its lifetime passed (issued " + held.issuedAt() + ", expires " + held.expiresAt() + ")";
    }
    return null;
  }

  private Optional<MeshCa> caOf(MeshSnapshot mesh) {
    CachedCa cached = cas.get(mesh.name());
    if (cached != null && cached.snapshot() == mesh) return Optional.of(cached.ca());
    Optional<MeshCa> ca = MeshCaReader.read(mesh);
    ca.ifPresentOrElse(c -> cas.put(mesh.name(), new CachedCa(mesh, c)), () -> cas.remove(mesh.name()));
    return ca;
  }

  /** Every mTLS mesh's CA, by mesh name; a mesh whose CA cannot be read is left out (its own proxies say why). */
  private String allCas(MeshSnapshot own, MeshCa ownCa, Collection<MeshSnapshot> meshes) {
    Map<String, String> byMesh = new TreeMap<>();
    byMesh.put(own.name(), ownCa.trustedPem());
    for (MeshSnapshot other : meshes) {
      if (other.name().equals(own.name())) continue;
      try {
        caOf(other).ifPresent(ca -> byMesh.put(other.name(), ca.trustedPem()));
      } catch (IdentityException e) {
        LOG.warnf("mesh %s's CA left out of %s: %s", other.name(), MeshTlsIr.ALL_MESHES_CA, e.getMessage());
      }
    }
    StringBuilder pem = new StringBuilder();
    byMesh.values().forEach(p -> pem.append(p.endsWith("\n") ? p : p + "\n"));
    return pem.toString();
  }
}
