package dev.atrium.store.ca;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.KumaDuration;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.model.mesh.MeshSpec.CertificateAuthorityBackend;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.security.pem.RsaKeys;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CA owner of {@code builtin} mTLS backends, as Kuma's builtin CA manager: each builtin backend of a
 * Mesh gets a self-signed root made once, kept as two mesh Secrets {@code <mesh>.ca-builtin-cert-<backend>}
 * and {@code <mesh>.ca-builtin-key-<backend>} (PEM), which the xds-server reads to issue proxies'
 * certificates. A CA is never replaced: rotating it would make every proxy distrust the others, so
 * users switch backends instead (with mTLS off, see the Mesh update rule). The Secrets go with the
 * Mesh, since deleting a Mesh deletes everything in it. Nothing here logs or returns key material.
 */
public final class BuiltinCertificateAuthorities {
  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BuiltinCertificateAuthorities.class);

  /** Kuma's default lifetime of a builtin CA. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);

  /** What the store offers this class: a mesh's Secret names, and creating one that must not exist yet. */
  public interface Secrets {
    Set<String> namesInMesh(String mesh);

    /** Creates {@code secret}; returns false when one of that name exists already (e.g. another replica's). */
    boolean createIfAbsent(Resource secret);
  }

  private final Secrets secrets;
  private final CertificateIssuer issuer;

  public BuiltinCertificateAuthorities(Secrets secrets, CertificateIssuer issuer) {
    this.secrets = secrets;
    this.issuer = issuer;
  }

  public static String certSecretName(String mesh, String backend) {
    return mesh + ".ca-builtin-cert-" + backend;
  }

  public static String keySecretName(String mesh, String backend) {
    return mesh + ".ca-builtin-key-" + backend;
  }

  /**
   * Makes the CA of every builtin backend of {@code mesh} that has none (Kuma ensures all of them, not
   * only the enabled one, so that switching backends finds its CA ready); returns the backends that got one.
   */
  public List<String> ensure(String mesh, MeshSpec spec) {
    List<String> made = new ArrayList<>();
    if (spec.mtls() == null) return made;
    Set<String> existing = null;
    for (CertificateAuthorityBackend backend : spec.mtls().backends()) {
      if (!CertificateAuthorityBackend.BUILTIN.equals(backend.type()) || backend.name() == null) continue;
      if (existing == null) existing = secrets.namesInMesh(mesh);
      boolean hasCert = existing.contains(certSecretName(mesh, backend.name()));
      boolean hasKey = existing.contains(keySecretName(mesh, backend.name()));
      if (hasCert && hasKey) continue;
      if (hasCert || hasKey) {
        // Half a CA: a replica is writing it right now, or an operator deleted one half. Making a new
        // key for an existing certificate (or the reverse) would give a CA that cannot sign; leave it.
        LOG.warnf("mesh %s: the builtin CA of backend %s is incomplete (%s missing); delete the other Secret to get a new CA",
            mesh, backend.name(), hasCert ? keySecretName(mesh, backend.name()) : certSecretName(mesh, backend.name()));
        continue;
      }
      if (create(mesh, backend)) made.add(backend.name());
    }
    return made;
  }

  private boolean create(String mesh, CertificateAuthorityBackend backend) {
    IssuedCertificate ca = issuer.selfSigned(CertificateRequest.ca(mesh, validity(backend.conf()))
        .withOrganization("Kuma", "Mesh")
        .withUriSans(List.of(URI.create("spiffe://" + mesh)))
        .withKeyBits(rsaBits(backend.conf())));
    // Key first: a replica that loses this race stops here, and the winner writes the matching certificate.
    if (!secrets.createIfAbsent(secret(mesh, keySecretName(mesh, backend.name()), ca.keyPem()))) return false;
    secrets.createIfAbsent(secret(mesh, certSecretName(mesh, backend.name()), ca.certificatePem()));
    return true;
  }

  private static Resource secret(String mesh, String name, String pem) {
    return new Resource(ResourceKind.SECRET, ResourceMeta.of(mesh, name), new SecretSpec(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /** {@code conf.caCert.expiration}, else ten years (the validator has refused other formats). */
  static Duration validity(JsonNode conf) {
    JsonNode expiration = conf == null ? null : conf.path("caCert").path("expiration");
    if (expiration == null || !expiration.isTextual()) return DEFAULT_VALIDITY;
    return KumaDuration.parse(expiration.asText()).filter(d -> !d.isZero()).orElse(DEFAULT_VALIDITY);
  }

  /** {@code conf.caCert.RSAbits} (a number or a string of digits), else 2048. */
  static int rsaBits(JsonNode conf) {
    JsonNode bits = conf == null ? null : conf.path("caCert").path("RSAbits");
    if (bits == null) return RsaKeys.DEFAULT_BITS;
    if (bits.isIntegralNumber() && bits.canConvertToInt() && bits.intValue() > 0) return bits.intValue();
    if (bits.isTextual() && bits.asText().matches("\\d{1,9}")) return Integer.parseInt(bits.asText());
    return RsaKeys.DEFAULT_BITS;
  }
}
