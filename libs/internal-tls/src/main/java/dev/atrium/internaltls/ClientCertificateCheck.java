package dev.atrium.internaltls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Decides whether the certificate chain a caller presented in its TLS handshake proves it is one of
 * Atrium's services: signed by the internal CA (PKIX path to one of the CA file's certificates), valid
 * now, and fit for a TLS client (key usage, extended key usage {@code clientAuth} when present). Plain
 * JDK, so it is tested without a server.
 */
public final class ClientCertificateCheck {
  /** Why a caller was refused; {@link #label()} is the metric's {@code reason} tag. */
  public enum Reason {
    NO_CERTIFICATE("no_certificate"),
    UNTRUSTED_CERTIFICATE("untrusted_certificate");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public record Refusal(Reason reason, String detail) {}

  private final X509TrustManager trust;

  private ClientCertificateCheck(X509TrustManager trust) {
    this.trust = trust;
  }

  /** Trusts the certificates in {@code caFile} (PEM; several during a CA rotation). */
  public static ClientCertificateCheck trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (cas.isEmpty()) throw new InternalTlsException(InternalTls.CA_ENV + "=" + caFile + " holds no PEM certificate");
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate ca : cas) store.setCertificateEntry("internal-ca-" + i++, ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) return new ClientCertificateCheck(x509);
      }
      throw new IllegalStateException("the JDK has no X.509 PKIX trust manager");
    } catch (CertificateException e) {
      throw new InternalTlsException(InternalTls.CA_ENV + "=" + caFile + " is not a PEM certificate: " + e.getMessage());
    } catch (IOException e) {
      throw new InternalTlsException(InternalTls.CA_ENV + "=" + caFile + " cannot be read: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust store from " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** Empty when the chain is accepted, else why not (in words for the log, never key material). */
  public Optional<Refusal> check(Certificate[] presented) {
    if (presented == null || presented.length == 0) {
      return Optional.of(new Refusal(Reason.NO_CERTIFICATE, "no client certificate"));
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (Certificate c : presented) {
      if (!(c instanceof X509Certificate x509)) {
        return Optional.of(new Refusal(Reason.UNTRUSTED_CERTIFICATE, "a " + c.getType() + " certificate, not X.509"));
      }
      chain.add(x509);
    }
    X509Certificate leaf = chain.get(0);
    try {
      trust.checkClientTrusted(chain.toArray(X509Certificate[]::new), leaf.getPublicKey().getAlgorithm());
      return Optional.empty();
    } catch (CertificateException e) {
      return Optional.of(new Refusal(Reason.UNTRUSTED_CERTIFICATE, "certificate subject \""
          + leaf.getSubjectX500Principal().getName() + "\" issued by \"" + leaf.getIssuerX500Principal().getName()
          + "\" is not accepted by the internal CA: " + e.getMessage()));
    }
  }
}
