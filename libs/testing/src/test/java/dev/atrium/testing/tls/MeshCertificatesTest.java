package dev.atrium.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.security.pem.Pem;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A certificate signed with a mesh CA read from PEM chains to that CA and names the service as a proxy would. */
class MeshCertificatesTest {
  private static final IssuedCertificate MESH_CA =
      CertificateIssuer.systemClock().selfSigned(CertificateRequest.ca("default", Duration.ofDays(1)));

  @Test
  void aClientCertificateFromTheMeshCaCarriesTheServicesSpiffeId(@TempDir Path dir) throws Exception {
    MeshCertificates mesh = MeshCertificates.fromPem(Pem.encode(MESH_CA.certificate()), MESH_CA.keyPem());
    IssuedCertificate client = mesh.issue("default", "test-client");

    validate(client.certificate(), MESH_CA.certificate());
    assertThat(MeshCertificates.uriSans(client.certificate()))
        .containsExactly("spiffe://default/test-client", "kuma://kuma.io/service/test-client");
    assertThat(client.certificate().getSubjectX500Principal().getName()).as("an empty subject, as Kuma's").isEmpty();
    assertThat(client.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2"); // clientAuth

    MeshCertificates.Files3 files = mesh.write(dir, "default", "test-client");
    X509Certificate written = Pem.certificates(Files.readString(files.certificate())).get(0);
    validate(written, MESH_CA.certificate());
    assertThat(MeshCertificates.uriSans(written)).startsWith("spiffe://default/test-client");
    assertThat(Pem.certificates(Files.readString(files.ca()))).containsExactly(MESH_CA.certificate());
    assertThat(Pem.privateKey(Files.readString(files.key()))).isNotNull();
  }

  @Test
  void aStrangersCertificateDoesNotChainToTheMeshCa() {
    IssuedCertificate foreign = MeshCertificates.stranger("not-a-mesh").issue("default", "test-client");
    assertThatThrownBy(() -> validate(foreign.certificate(), MESH_CA.certificate()))
        .isInstanceOf(CertPathValidatorException.class);
  }

  private static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
  }
}
