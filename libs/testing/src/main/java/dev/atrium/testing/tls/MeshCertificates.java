package dev.atrium.testing.tls;

import dev.atrium.security.pem.Pem;
import dev.atrium.security.tls.CertificateFiles;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A mesh's CA as a user holds it after reading the mesh's CA Secrets, and certificates it signs for
 * a caller that is no proxy (openssl, curl): they carry the same URI SANs as a proxy's identity
 * ({@code spiffe://<mesh>/<service>}, {@code kuma://kuma.io/service/<service>}) with an empty
 * subject, so a sidecar inbound in STRICT mode accepts them as that service.
 */
public final class MeshCertificates {
  private static final CertificateIssuer ISSUER = CertificateIssuer.systemClock();

  private final IssuedCertificate ca;

  private MeshCertificates(IssuedCertificate ca) {
    this.ca = ca;
  }

  /** The CA from the PEM texts of {@code <mesh>.ca-builtin-cert-<backend>} and {@code -key-<backend>}. */
  public static MeshCertificates fromPem(String caCertificatePem, String caKeyPem) {
    List<X509Certificate> certs = Pem.certificates(caCertificatePem);
    if (certs.isEmpty()) throw new IllegalArgumentException("the mesh CA Secret holds no PEM certificate");
    return new MeshCertificates(new IssuedCertificate(certs.get(0), Pem.privateKey(caKeyPem), List.of()));
  }

  /** A CA not of any mesh (for a caller the mesh must refuse). */
  public static MeshCertificates stranger(String name) {
    return new MeshCertificates(ISSUER.selfSigned(CertificateRequest.ca(name, Duration.ofDays(1))));
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  /** A certificate of {@code service} in {@code mesh}, for mutual TLS as client and server, valid one hour. */
  public IssuedCertificate issue(String mesh, String service) {
    List<URI> uris = List.of(URI.create("spiffe://" + mesh + "/" + service), URI.create("kuma://kuma.io/service/" + service));
    return ISSUER.issue(ca, new CertificateRequest("", List.of(), List.of(), uris, Duration.ofHours(1),
        CertificateRequest.Usage.SERVER_AND_CLIENT));
  }

  /** Files for {@code openssl s_client -cert/-key/-CAfile} or {@code curl --cert/--key/--cacert}. */
  public record Files3(Path certificate, Path key, Path ca) {}

  /** {@link #issue} written to {@code dir} with this CA beside it. */
  public Files3 write(Path dir, String mesh, String service) {
    CertificateFiles files = CertificateFiles.in(dir, mesh + "-" + service);
    files.write(issue(mesh, service));
    return new Files3(files.certificate(), files.key(), writeCa(dir.resolve(mesh + "-ca.crt")));
  }

  /** This CA's certificate as a PEM file (what a client verifies a sidecar with). */
  public Path writeCa(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, Pem.encode(ca.certificate()));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URI SANs of {@code cert}, in order (a proxy's SPIFFE ID and its kuma:// tags). */
  public static List<String> uriSans(X509Certificate cert) {
    List<String> uris = new ArrayList<>();
    try {
      if (cert.getSubjectAlternativeNames() == null) return uris;
      for (List<?> name : cert.getSubjectAlternativeNames()) {
        if (((Integer) name.get(0)) == 6) uris.add((String) name.get(1)); // 6 = uniformResourceIdentifier
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable SANs: " + e.getMessage(), e);
    }
    return uris;
  }
}
