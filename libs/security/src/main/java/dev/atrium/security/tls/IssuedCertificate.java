package dev.atrium.security.tls;

import dev.atrium.security.pem.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate with its private key, and the chain above it up to (not including) a self-signed root
 * when it was issued by an intermediate; a root's chain is empty.
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
  public IssuedCertificate {
    chain = List.copyOf(chain);
  }

  /** The certificate then its chain, PEM: what a TLS server presents. */
  public String certificatePem() {
    List<Object> all = new ArrayList<>();
    all.add(certificate);
    all.addAll(chain);
    return Pem.encode(all.toArray());
  }

  /** PKCS#1 for an RSA key (as before), PKCS#8 for any other (an EC key's curve is named there). */
  public String keyPem() {
    return "RSA".equals(key.getAlgorithm()) ? Pem.encode(key) : Pem.encodePkcs8(key);
  }

  /** Names the certificate only: the key never reaches a log or an exception message. */
  @Override
  public String toString() {
    return "IssuedCertificate[subject=" + certificate.getSubjectX500Principal() + ", notAfter="
        + certificate.getNotAfter().toInstant() + ", key=<" + key.getAlgorithm() + " hidden>, chain=" + chain.size() + "]";
  }
}
