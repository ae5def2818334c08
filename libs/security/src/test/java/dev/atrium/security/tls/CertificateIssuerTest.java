package dev.atrium.security.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.security.interfaces.RSAPublicKey;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateIssuerTest {
  private final CertificateIssuer issuer = CertificateIssuer.systemClock();

  @Test
  void anIssuedCertificateChainsToItsCaAndCarriesItsNames() throws Exception {
    IssuedCertificate ca = issuer.selfSigned(CertificateRequest.ca("atrium-internal-ca", Duration.ofDays(365)));
    IssuedCertificate leaf = issuer.issue(ca, CertificateRequest.of("resource-store", List.of("localhost"), List.of("127.0.0.1"),
        Duration.ofDays(30), CertificateRequest.Usage.SERVER_AND_CLIENT));

    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf.certificate())), params);
    assertThat(leaf.certificate().getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactly((Object) "localhost", "127.0.0.1");
    assertThat(leaf.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
  }

  @Test
  void filesAreMadeOnceAndKept(@TempDir Path dir) throws Exception {
    CertificateFiles files = CertificateFiles.in(dir, "xds-server");
    IssuedCertificate first = files.readOrCreate(() -> issuer.selfSigned(CertificateRequest.of("atrium-xds-server",
        LocalAddresses.dnsNames(), LocalAddresses.ipAddresses(), Duration.ofDays(3650), CertificateRequest.Usage.CA_AND_SERVER)));
    IssuedCertificate again = files.readOrCreate(() -> {
      throw new AssertionError("must not make a second certificate");
    });
    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(Files.getPosixFilePermissions(files.key())).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    assertThat(first.certificate().getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).contains((Object) "localhost", "127.0.0.1");
  }

  @Test
  void aMeshCaCarriesKumasSubjectItsSpiffeUriAndTheAskedKeySize() throws Exception {
    IssuedCertificate ca = issuer.selfSigned(CertificateRequest.ca("default", Duration.ofDays(3650))
        .withOrganization("Kuma", "Mesh").withUriSans(List.of(URI.create("spiffe://default"))).withKeyBits(3072));
    IssuedCertificate proxy = issuer.issue(ca, new CertificateRequest("", List.of(), List.of(),
        List.of(URI.create("spiffe://default/web"), URI.create("kuma://version/v1")), Duration.ofHours(24),
        CertificateRequest.Usage.WORKLOAD));

    assertThat(ca.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=default,OU=Mesh,O=Kuma");
    assertThat(ca.certificate().getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactly((Object) "spiffe://default");
    assertThat(((RSAPublicKey) ca.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
    assertThat(proxy.certificate().getSubjectX500Principal().getName()).isEmpty();
    assertThat(proxy.certificate().getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
        .containsExactly((Object) "spiffe://default/web", "kuma://version/v1");
    // digitalSignature, keyEncipherment, keyAgreement
    assertThat(proxy.certificate().getKeyUsage()).startsWith(true, false, true, false, true, false);
    assertThat(proxy.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
  }
}
