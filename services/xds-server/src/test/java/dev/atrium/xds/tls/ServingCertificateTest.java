package dev.atrium.xds.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.security.tls.CertificateIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which certificate the xds-server's port serves, from what the operator set. */
class ServingCertificateTest {
  private static final CertificateIssuer ISSUER = CertificateIssuer.systemClock();

  @TempDir
  Path dir;

  @Test
  void withNothingConfiguredASelfSignedCertificateIsMadeOnceAndKept() throws Exception {
    TlsSettings settings = TlsSettings.from(Map.of("ATRIUM_XDS_TLS_DIR", dir.toString(),
        "ATRIUM_XDS_TLS_SANS", "xds.example, 10.1.2.3")::get);

    ServingCertificate first = ServingCertificate.ensure(settings, ISSUER);
    X509Certificate cert = first.read().certificate();

    assertThat(first.generated()).isTrue();
    assertThat(first.certFile()).isEqualTo(dir.resolve("xds-server.crt"));
    assertThat(first.keyFile()).isEqualTo(dir.resolve("xds-server.key"));
    assertThat(cert.getBasicConstraints()).as("CA:TRUE, as Kuma's").isGreaterThanOrEqualTo(0);
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
    assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).toDays())
        .isGreaterThanOrEqualTo(3650);
    assertThat(ServingCertificateLog.sans(cert)).contains("localhost", "127.0.0.1", "xds.example", "10.1.2.3");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(first.keyFile())))
        .as("the key is the owner's only").isEqualTo("rw-------");

    ServingCertificate again = ServingCertificate.ensure(settings, ISSUER);
    assertThat(again.read().certificate()).as("kept across restarts").isEqualTo(cert);
  }

  @Test
  void aConfiguredCertificateIsServedAsItIs() throws Exception {
    ServingCertificate made = ServingCertificate.ensure(TlsSettings.from(Map.of("ATRIUM_XDS_TLS_DIR", dir.toString())::get), ISSUER);
    Path other = Files.createDirectories(dir.resolve("unused"));

    ServingCertificate configured = ServingCertificate.ensure(TlsSettings.from(Map.of(
        "ATRIUM_XDS_TLS_CERT_FILE", made.certFile().toString(), "ATRIUM_XDS_TLS_KEY_FILE", made.keyFile().toString(),
        "ATRIUM_XDS_TLS_DIR", other.toString())::get), ISSUER);

    assertThat(configured.generated()).isFalse();
    assertThat(configured.certFile()).isEqualTo(made.certFile());
    assertThat(other).isEmptyDirectory();
  }

  @Test
  void aMissingConfiguredFileOrHalfAPairIsNamed() {
    Path missing = dir.resolve("nope.crt");
    assertThatThrownBy(() -> ServingCertificate.ensure(TlsSettings.from(Map.of("ATRIUM_XDS_TLS_CERT_FILE",
        missing.toString(), "ATRIUM_XDS_TLS_KEY_FILE", missing.toString())::get), ISSUER))
        .hasMessage("ATRIUM_XDS_TLS_CERT_FILE=" + missing + ": the file does not exist or cannot be read");
    assertThatThrownBy(() -> TlsSettings.from(Map.of("ATRIUM_XDS_TLS_CERT_FILE", missing.toString())::get))
        .hasMessageContaining("ATRIUM_XDS_TLS_KEY_FILE is not set");
  }
}
