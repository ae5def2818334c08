package dev.atrium.xds.tls;

import dev.atrium.security.tls.CertificateFiles;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import dev.atrium.security.tls.LocalAddresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The certificate the xds-server's port presents, as Kuma's control plane chooses it: the configured
 * files, else a self-signed one made once in {@code ATRIUM_XDS_TLS_DIR} as {@code xds-server.crt} /
 * {@code xds-server.key} and kept, so agents that trust it keep trusting it across restarts. The
 * self-signed certificate is its own CA (CA:TRUE, serverAuth), valid 10 years, for the host name,
 * {@code localhost}, every local address and {@code ATRIUM_XDS_TLS_SANS}.
 *
 * @param generated true when the certificate is the self-signed one (then {@code certFile} is also the CA agents trust)
 */
public record ServingCertificate(Path certFile, Path keyFile, boolean generated) {
  public static final String BASE_NAME = "xds-server";
  static final Duration VALIDITY = Duration.ofDays(3650);
  private static final Pattern IP = Pattern.compile("[0-9.]+|.*:.*");

  /** Makes sure the files exist (creating the self-signed pair when nothing is configured) and says where. */
  public static ServingCertificate ensure(TlsSettings settings, CertificateIssuer issuer) {
    if (settings.configured()) {
      Path cert = settings.certFile().orElseThrow();
      Path key = settings.keyFile().orElseThrow();
      for (Path p : List.of(cert, key)) {
        if (!Files.isReadable(p)) {
          throw new IllegalArgumentException((p == cert ? TlsSettings.CERT_FILE : TlsSettings.KEY_FILE) + "=" + p
              + ": the file does not exist or cannot be read");
        }
      }
      new CertificateFiles(cert, key).read(); // fails here, with the file's name, rather than in the HTTP server
      return new ServingCertificate(cert, key, false);
    }
    CertificateFiles files = CertificateFiles.in(settings.dir(), BASE_NAME);
    files.readOrCreate(() -> issuer.selfSigned(request(settings.extraSans())));
    return new ServingCertificate(files.certificate(), files.key(), true);
  }

  /** Kuma's shape of a generated control-plane certificate, with Atrium's extra names. */
  static CertificateRequest request(List<String> extraSans) {
    TreeSet<String> dns = new TreeSet<>(LocalAddresses.dnsNames());
    TreeSet<String> ips = new TreeSet<>();
    LocalAddresses.ipAddresses().forEach(ip -> ips.add(canonical(ip)));
    for (String san : extraSans) {
      if (IP.matcher(san).matches()) ips.add(canonical(san));
      else dns.add(san);
    }
    return CertificateRequest.of("atrium-xds-server", new ArrayList<>(dns), new ArrayList<>(ips), VALIDITY,
        CertificateRequest.Usage.CA_AND_SERVER);
  }

  /** One spelling per address ("::1" and "0:0:0:0:0:0:0:1" are one SAN); a literal is never looked up. */
  private static String canonical(String ip) {
    int zone = ip.indexOf('%');
    String literal = zone < 0 ? ip : ip.substring(0, zone);
    try {
      return java.net.InetAddress.getByName(literal).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(TlsSettings.SANS + ": " + ip + " is not an IP address", e);
    }
  }

  public IssuedCertificate read() {
    return new CertificateFiles(certFile, keyFile).read();
  }
}
