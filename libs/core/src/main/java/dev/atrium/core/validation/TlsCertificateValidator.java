package dev.atrium.core.validation;

import dev.atrium.core.model.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Beyond Kuma: a TLS-terminating listener's certificates are read when the MeshGateway is written.
 * Kuma only finds a bad PEM while generating Envoy config ("missing private key" in the CP log,
 * the listener silently absent); here the write is refused with the field that is wrong.
 *
 * <p>Each DataSource must name exactly one source. Inline sources and mesh Secrets are parsed; a
 * {@code file:} lives on the gateway's machine and cannot be read here, and a secret is skipped when
 * the lookup says it cannot check (no store, e.g. client-side validation).
 */
final class TlsCertificateValidator {
  private static final String SOURCES = "secret, file, inline, inlineString";
  /** Signed and verified to prove a key belongs to a certificate, whatever the key type. */
  private static final byte[] PROBE = "atrium key/certificate match".getBytes(StandardCharsets.UTF_8);

  private final SecretLookup secrets;
  private final Clock clock;

  TlsCertificateValidator(SecretLookup secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  /** Checks the (at most two) certificate sources of one listener at {@code path[i]}. */
  void validate(Violations v, FieldPath path, List<DataSource> sources, String mesh) {
    String[] keyTypes = new String[sources.size()];
    for (int i = 0; i < sources.size(); i++) {
      keyTypes[i] = source(v, path.index(i), sources.get(i), mesh);
    }
    // Envoy picks a certificate by the key types the client supports, so two of one type make no sense.
    if (sources.size() == 2 && keyTypes[0] != null && keyTypes[0].equals(keyTypes[1])) {
      v.add(path.index(1), "both certificates use " + keyTypes[0] + " keys; use one RSA and one ECDSA");
    }
  }

  /** Returns the key type when the source was read and is usable, otherwise null. */
  private String source(Violations v, FieldPath path, DataSource source, String mesh) {
    int set = source.alternativesSet();
    if (set == 0) {
      v.add(path, "data source has to be chosen. Available sources: " + SOURCES);
      return null;
    }
    if (set > 1) {
      v.add(path, "data source must have exactly one defined: " + SOURCES);
      return null;
    }
    byte[] pem = bytesOf(v, path, source, mesh);
    return pem == null ? null : bundle(v, path, pem);
  }

  private byte[] bytesOf(Violations v, FieldPath path, DataSource source, String mesh) {
    if (source.inline() != null && source.inline().length > 0) return source.inline();
    if (source.inlineString() != null && !source.inlineString().isEmpty()) {
      return source.inlineString().getBytes(StandardCharsets.UTF_8);
    }
    if (source.secret() != null && !source.secret().isEmpty()) {
      if (!secrets.available()) return null; // resolved where the store is, not here
      Optional<byte[]> found = secrets.find(mesh, source.secret());
      if (found.isEmpty()) {
        v.add(path.field("secret"), "secret \"" + source.secret() + "\" not found in mesh \"" + mesh + "\"");
        return null;
      }
      return found.get();
    }
    return null; // file: read by the gateway's proxy, not by the control plane
  }

  private String bundle(Violations v, FieldPath path, byte[] pem) {
    PemBundle bundle;
    try {
      bundle = PemBundle.parse(pem);
    } catch (PemBundle.UnreadablePemException e) {
      v.add(path, "invalid PEM: " + e.getMessage());
      return null;
    }
    if (bundle.pemBlocks() == 0) {
      v.add(path, "no PEM data: expected a private key and at least one certificate");
      return null;
    }
    boolean usable = true;
    if (bundle.encryptedKeys() > 0) {
      v.add(path, "private key is encrypted; Envoy needs an unencrypted key");
      usable = false;
    } else if (bundle.keys().isEmpty()) {
      v.add(path, "missing private key");
      usable = false;
    } else if (bundle.keys().size() > 1) {
      v.add(path, "found " + bundle.keys().size() + " private keys; expected exactly one");
      usable = false;
    }
    if (bundle.certificates().isEmpty()) {
      v.add(path, "missing server certificate");
      usable = false;
    }
    String keyType = null;
    if (usable) {
      PrivateKey key = bundle.keys().get(0);
      keyType = PemBundle.keyType(key);
      if (!keyType.equals("RSA") && !keyType.equals("ECDSA")) {
        v.add(path, "unsupported private key type " + keyType + "; use RSA or ECDSA");
        keyType = null;
      } else if (!matches(key, keyType, bundle.certificates().get(0).publicKey())) {
        v.add(path, "private key does not match the certificate");
      }
    }
    expiry(v, path, bundle.certificates());
    return keyType;
  }

  private void expiry(Violations v, FieldPath path, List<PemBundle.Certificate> certificates) {
    Instant now = clock.instant();
    for (int i = 0; i < certificates.size(); i++) {
      Instant notAfter = certificates.get(i).notAfter();
      if (notAfter.isBefore(now)) {
        String which = i == 0 ? "certificate" : "chain certificate " + (i + 1);
        v.add(path, which + " expired on " + notAfter);
      }
    }
  }

  /** True when the key signs something the certificate's public key verifies. */
  static boolean matches(PrivateKey key, String keyType, PublicKey certificateKey) {
    if (!keyType.equals(PemBundle.keyType(certificateKey))) return false;
    String algorithm = keyType.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      Signature signer = Signature.getInstance(algorithm, PemBundle.PROVIDER);
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm, PemBundle.PROVIDER);
      verifier.initVerify(certificateKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
