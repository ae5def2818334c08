package dev.atrium.xds.tls;

import dev.atrium.xds.config.XdsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Says at start which certificate the xds port serves and which file agents must trust
 * ({@code atrium-dp run --ca-cert-file}, kuma-dp's {@code KUMA_CONTROL_PLANE_CA_CERT_FILE}). Never the key.
 */
@Singleton
public class ServingCertificateLog {
  private static final Logger LOG = Logger.getLogger(ServingCertificateLog.class);

  void onStart(@Observes StartupEvent ignored, XdsConfig config) {
    Path certFile = Path.of(config.tlsCertFile().orElseThrow());
    boolean generated = Boolean.getBoolean(XdsServerMain.GENERATED_PROPERTY);
    X509Certificate cert = new ServingCertificate(certFile, Path.of(config.tlsKeyFile().orElseThrow()), generated)
        .read().certificate();
    List<String> sans = sans(cert);
    String what = (generated ? "the self-signed certificate kept in " : "the configured certificate ") + certFile
        + " (subject " + cert.getSubjectX500Principal().getName() + ", SANs " + sans + ", valid until "
        + cert.getNotAfter().toInstant() + ")";
    boolean selfSigned = cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
    String trust = selfSigned
        ? "agents trust it with --ca-cert-file=" + certFile + " (or KUMA_CONTROL_PLANE_CA_CERT_FILE=" + certFile + ")"
        : "agents need the CA that issued it (" + cert.getIssuerX500Principal().getName() + ") as --ca-cert-file";
    LOG.infof("xds port serves HTTPS only (TLS 1.2+) with %s; %s", what, trust);
    if (generated) {
      for (String wanted : config.tlsSans().orElse(List.of())) {
        if (!sans.contains(wanted)) {
          LOG.warnf("%s=%s: the kept certificate %s has no SAN %s (it was made before); delete %s and its key to "
              + "make a new one", TlsSettings.SANS, String.join(",", config.tlsSans().get()), certFile, wanted, certFile);
        }
      }
    }
  }

  /** The certificate's IP and DNS subject alternative names, as an agent's SAN check sees them. */
  public static List<String> sans(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names == null) return out;
      for (List<?> name : names) {
        int type = (Integer) name.get(0);
        if (type == 2 || type == 7) out.add(String.valueOf(name.get(1)));
      }
    } catch (CertificateParsingException e) {
      // no readable SANs: none listed
    }
    return out;
  }
}
