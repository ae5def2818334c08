package dev.atrium.xds.identity;

import dev.atrium.security.tls.IssuedCertificate;

/**
 * One mesh's certificate authority as the issuer uses it: the certificate that signs proxy
 * certificates with its key, and the PEM its proxies trust.
 *
 * @param backend the enabled backend's name (Kuma's {@code issuedBackend})
 * @param trustedPem the CA certificate(s) a peer verifies mesh certificates against: {@code mesh_ca:secret:<mesh>}
 */
public record MeshCa(String mesh, String backend, String type, IssuedCertificate signer, String trustedPem) {
  /** Never prints the key (IssuedCertificate's own toString hides it too). */
  @Override
  public String toString() {
    return "MeshCa[mesh=" + mesh + ", backend=" + backend + ", type=" + type + ", subject="
        + signer.certificate().getSubjectX500Principal() + "]";
  }
}
