package dev.atrium.xds.identity;

import dev.atrium.core.model.mesh.MeshSpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The certificate a proxy holds, and what it was made from, so the issuer can tell when it must be
 * made again: another CA or mTLS setting, other tags, or 4/5 of its life gone (Kuma's rule).
 *
 * @param mtls the Mesh's {@code mtls} section when it was issued
 * @param caPem the CA certificate it was signed under
 * @param issuedAt when it was made (NotBefore is 10 s earlier)
 * @param expiresAt its NotAfter
 * @param regenerations how many certificates this proxy has had from this server, this one included
 */
public record ProxyIdentity(String mesh, String backend, List<URI> sans, MeshSpec.Mtls mtls, String caPem,
    String certificateChainPem, String keyPem, Instant issuedAt, Instant expiresAt, long regenerations) {

  public ProxyIdentity {
    sans = List.copyOf(sans);
  }

  public Duration lifetime() {
    return Duration.between(issuedAt, expiresAt);
  }

  /** {@code issuedAt + 4/5 · lifetime}: from then on it is renewed (24h → 19h12m, 1m → 48s). */
  public Instant renewAt() {
    return issuedAt.plus(lifetime().multipliedBy(4).dividedBy(5));
  }

  /** The key stays out of logs: only the names and times are printed. */
  @Override
  public String toString() {
    return "ProxyIdentity[mesh=" + mesh + ", backend=" + backend + ", sans=" + sans + ", issuedAt=" + issuedAt
        + ", expiresAt=" + expiresAt + ", regenerations=" + regenerations + ", key=<hidden>]";
  }
}
