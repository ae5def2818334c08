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

  public String keyPem() {
    return Pem.encode(key);
  }
}
