package dev.atrium.xds.rest;

import dev.atrium.xds.tls.ServingCertificateLog;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Kuma's two bootstrap refusals about TLS (answered 400, pkg/xds/bootstrap/generator.go), for agents
 * that could not check them themselves: the {@code caCert} the agent sent is not a CA (Envoy could not
 * verify this server with it), or the host the agent used is not a SAN of this server's certificate
 * (Envoy's ADS connection would fail its SAN check). Both in Kuma's words.
 */
final class BootstrapTlsChecks {
  static final String NOT_CA = "A data plane proxy is trying to verify the control plane using the certificate which is "
      + "not a certificate authority (basic constraint 'CA' is set to 'false').\n"
      + "Provide CA that was used to sign a certificate used in the control plane by using 'kuma-dp run "
      + "--ca-cert-file=file' or via KUMA_CONTROL_PLANE_CA_CERT_FILE";

  private BootstrapTlsChecks() {}

  /** Kuma's NotCA refusal when {@code caCertPem} holds a certificate whose basic constraints say CA:FALSE. */
  static Optional<String> caCertProblem(String caCertPem) {
    if (caCertPem == null || caCertPem.isBlank()) return Optional.empty();
    List<X509Certificate> certs;
    try {
      certs = certificates(caCertPem);
    } catch (CertificateException e) {
      return Optional.of("could not parse certificate from request .CaCert: " + e.getMessage());
    }
    if (certs.isEmpty()) return Optional.of("could not parse certificate from request .CaCert");
    X509Certificate first = certs.get(0);
    // -1: no basic constraints at all, which a CA may legitimately lack (as Kuma, only CA:FALSE is refused).
    boolean markedNotCa = first.getBasicConstraints() < 0 && first.getExtensionValue("2.5.29.19") != null;
    return markedNotCa ? Optional.of(NOT_CA) : Optional.empty();
  }

  /** Kuma's SAN-mismatch refusal when {@code host} is not a DNS or IP SAN of the certificate in {@code servingCertFile}. */
  static Optional<String> sanProblem(String host, Path servingCertFile) {
    X509Certificate cert;
    try {
      List<X509Certificate> certs = certificates(Files.readString(servingCertFile));
      if (certs.isEmpty()) return Optional.empty();
      cert = certs.get(0);
    } catch (Exception e) {
      return Optional.empty(); // the server serves it; a file it cannot read here is not the agent's problem
    }
    List<String> sans = ServingCertificateLog.sans(cert);
    if (matches(host, sans)) return Optional.empty();
    return Optional.of(("A data plane proxy is trying to connect to the control plane using \"%s\" address, but the "
        + "certificate in the control plane has the following SANs %s. Either change the --cp-address in kuma-dp to one "
        + "of those or execute the following steps:\n"
        + "1) Generate a new certificate with the address you are trying to use. It is recommended to use trusted "
        + "Certificate Authority, but you can also generate self-signed certificates using 'kumactl generate "
        + "tls-certificate --type=server --hostname=%s'\n"
        + "2) Set ATRIUM_XDS_TLS_CERT_FILE and ATRIUM_XDS_TLS_KEY_FILE to the new certificate.\n"
        + "3) Restart the control plane to read the new certificate and start kuma-dp.")
        .formatted(host, quoted(sans), host));
  }

  /** Whether {@code host} is one of {@code sans}: an IP against IP SANs, a name against DNS SANs (one-label wildcards). */
  static boolean matches(String host, List<String> sans) {
    String h = host.toLowerCase(Locale.ROOT);
    boolean ip = h.contains(":") || h.matches("[0-9.]+");
    for (String san : sans) {
      String s = san.toLowerCase(Locale.ROOT);
      if (ip) {
        if (sameAddress(h, s)) return true;
      } else if (s.equals(h) || (s.startsWith("*.") && h.indexOf('.') > 0 && h.substring(h.indexOf('.')).equals(s.substring(1)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameAddress(String a, String b) {
    if (!(b.contains(":") || b.matches("[0-9.]+"))) return false;
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String quoted(List<String> sans) {
    return "[" + String.join(" ", sans.stream().map(s -> "\"" + s + "\"").toList()) + "]";
  }

  @SuppressWarnings("unchecked")
  private static List<X509Certificate> certificates(String pem) throws CertificateException {
    return (List<X509Certificate>) (List<?>) List.copyOf(CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8))));
  }
}
