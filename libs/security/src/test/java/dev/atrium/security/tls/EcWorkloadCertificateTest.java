package dev.atrium.security.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.security.pem.EcKeys;
import dev.atrium.security.pem.Pem;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EcWorkloadCertificateTest {
  private final CertificateIssuer issuer = CertificateIssuer.systemClock();

  @Test
  void anRsaCaSignsAP256ProxyKeyWithAnEmptySubjectAndItsUriSans() throws Exception {
    IssuedCertificate ca = issuer.selfSigned(CertificateRequest.ca("default", Duration.ofDays(3650)));
    KeyPair keys = EcKeys.generateP256();
    IssuedCertificate proxy = issuer.issue(ca, new CertificateRequest("", List.of(), List.of(),
        List.of(URI.create("spiffe://default/web")), Duration.ofHours(24), CertificateRequest.Usage.SERVER_AND_CLIENT), keys);

    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(proxy.certificate())), params);
    assertThat(proxy.certificate().getPublicKey()).isInstanceOf(ECPublicKey.class);
    assertThat(proxy.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
    assertThat(proxy.certificate().getSubjectX500Principal().getName()).isEmpty();
    assertThat(proxy.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Pem.privateKey(proxy.keyPem()).getAlgorithm()).isEqualTo("EC");
    assertThat(proxy.toString()).doesNotContain(proxy.keyPem().lines().skip(1).findFirst().orElseThrow());
  }

  @Test
  void anEcdsaCaSignsWithEcdsaAndItsPkcs8KeyIsRead() throws Exception {
    KeyPair caKeys = EcKeys.generateP256();
    IssuedCertificate rsaRoot = issuer.selfSigned(CertificateRequest.ca("root", Duration.ofDays(3650)));
    IssuedCertificate ecCa = issuer.issue(rsaRoot, CertificateRequest.ca("ec-intermediate", Duration.ofDays(365)), caKeys);
    String pkcs8 = Pem.encodePkcs8(caKeys.getPrivate());
    IssuedCertificate read = new IssuedCertificate(ecCa.certificate(), Pem.privateKey(pkcs8), ecCa.chain());

    IssuedCertificate proxy = issuer.issue(read, new CertificateRequest("", List.of(), List.of(),
        List.of(URI.create("spiffe://default/web")), Duration.ofHours(1), CertificateRequest.Usage.SERVER_AND_CLIENT),
        EcKeys.generateP256());

    assertThat(proxy.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
    proxy.certificate().verify(ecCa.certificate().getPublicKey());
    assertThat(proxy.chain()).containsExactly(ecCa.certificate());
  }
}
