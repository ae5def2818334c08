package dev.atrium.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.List;
import java.util.Optional;

/**
 * A {@code provided} CA backend's {@code conf}: {@code cert} and {@code key} data sources, and at write
 * time the CA they hold (Kuma's provided CA manager and ca_cert_validator.go, with its messages): a
 * matching key pair, and every certificate a CA (basicConstraints CA:TRUE) that may sign certificates
 * (keyCertSign) and not agree keys (keyAgreement), as X509-SVID requires. Secrets are read through the
 * {@link SecretLookup}; a {@code file:} lives on the control plane's machine and is read when proxies'
 * certificates are issued, not here.
 */
final class ProvidedCaValidator {
  private static final String SOURCES = "secret, file, inline, inlineString";

  private final SecretLookup secrets;

  ProvidedCaValidator(SecretLookup secrets) {
    this.secrets = secrets;
  }

  /** @param confPath {@code mtls.backends[i].conf} */
  void validate(Violations v, FieldPath confPath, JsonNode conf, String mesh) {
    if (conf != null && !conf.isNull() && !conf.isObject()) {
      v.add(confPath, "could not convert backend config: must be an object with cert and key");
      return;
    }
    Violations own = new Violations();
    DataSource cert = source(own, confPath.field("cert"), conf == null ? null : conf.get("cert"));
    DataSource key = source(own, confPath.field("key"), conf == null ? null : conf.get("key"));
    v.addAll(own.list());
    if (!own.isEmpty()) return;
    byte[] certPem = bytesOf(v, confPath.field("cert"), cert, mesh);
    byte[] keyPem = bytesOf(v, confPath.field("key"), key, mesh);
    if (certPem != null && keyPem != null) keyPair(v, confPath, certPem, keyPem);
  }

  private static DataSource source(Violations v, FieldPath path, JsonNode node) {
    if (node == null || node.isNull()) {
      v.add(path, "has to be defined");
      return null;
    }
    DataSource source;
    try {
      source = Mappers.JSON.convertValue(node, DataSource.class);
    } catch (IllegalArgumentException e) {
      v.add(path, "could not convert backend config: not a data source (secret, file, inline or inlineString)");
      return null;
    }
    int set = source.alternativesSet();
    if (set == 0) v.add(path, "data source has to be chosen. Available sources: " + SOURCES);
    if (set > 1) v.add(path, "data source must have exactly one defined: " + SOURCES);
    return set == 1 ? source : null;
  }

  /** The source's bytes, or null when they cannot be read here (file, or no store to look in). */
  private byte[] bytesOf(Violations v, FieldPath path, DataSource source, String mesh) {
    if (source.inline() != null && source.inline().length > 0) return source.inline();
    if (source.inlineString() != null && !source.inlineString().isEmpty()) {
      return source.inlineString().getBytes(StandardCharsets.UTF_8);
    }
    if (source.secret() != null && !source.secret().isEmpty() && secrets.available()) {
      Optional<byte[]> found = secrets.find(mesh, source.secret());
      if (found.isEmpty()) {
        v.add(path.field("secret"), "secret \"" + source.secret() + "\" not found in mesh \"" + mesh + "\"");
        return null;
      }
      return found.get();
    }
    return null;
  }

  private static void keyPair(Violations v, FieldPath confPath, byte[] certPem, byte[] keyPem) {
    FieldPath certPath = confPath.field("cert");
    PemBundle certs;
    PemBundle keys;
    try {
      certs = PemBundle.parse(certPem);
      keys = PemBundle.parse(keyPem);
    } catch (PemBundle.UnreadablePemException e) {
      v.add(certPath, "not a valid TLS key pair: " + e.getMessage());
      return;
    }
    if (certs.certificates().isEmpty()) {
      v.add(certPath, "not a valid TLS key pair: failed to find any PEM data in certificate input");
      return;
    }
    if (keys.keys().isEmpty()) {
      v.add(certPath, "not a valid TLS key pair: failed to find any PEM data in key input");
      return;
    }
    PrivateKey key = keys.keys().get(0);
    if (!TlsCertificateValidator.matches(key, PemBundle.keyType(key), certs.certificates().get(0).publicKey())) {
      v.add(certPath, "not a valid TLS key pair: private key does not match public key");
      return;
    }
    List<PemBundle.Certificate> chain = certs.certificates();
    for (int i = 0; i < chain.size(); i++) {
      PemBundle.Certificate c = chain.get(i);
      FieldPath path = certPath.index(i);
      if (!c.ca()) {
        v.add(path, "basic constraint 'CA' must be set to 'true' (see X509-SVID: 4.1. Basic Constraints)");
      }
      if (!c.keyCertSign()) {
        v.add(path, "key usage extension 'keyCertSign' must be set (see X509-SVID: 4.3. Key Usage)");
      }
      if (c.keyAgreement()) {
        v.add(path, "key usage extension 'keyAgreement' must NOT be set (see X509-SVID: Appendix A. X.509 Field Reference)");
      }
    }
  }
}
