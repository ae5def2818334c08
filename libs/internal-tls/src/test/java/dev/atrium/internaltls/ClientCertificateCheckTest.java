package dev.atrium.internaltls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.CertificateRequest.Usage;
import dev.atrium.security.tls.IssuedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificateCheckTest {
  private static final CertificateIssuer ISSUER = CertificateIssuer.systemClock();

  @TempDir
  Path dir;

  @Test
  void acceptsAServiceCertificateFromTheInternalCaAndRefusesTheRest() throws IOException {
    IssuedCertificate ca = ISSUER.selfSigned(CertificateRequest.ca("atrium-internal-ca", Duration.ofDays(1)));
    IssuedCertificate otherCa = ISSUER.selfSigned(CertificateRequest.ca("someone-else", Duration.ofDays(1)));
    ClientCertificateCheck check = ClientCertificateCheck.trusting(Files.writeString(dir.resolve("ca.crt"), ca.certificatePem()));

    assertThat(check.check(chain(ISSUER.issue(ca, service("xds-server", Usage.SERVER_AND_CLIENT))))).isEmpty();

    assertThat(check.check(new Certificate[0])).get()
        .extracting(ClientCertificateCheck.Refusal::reason).isEqualTo(ClientCertificateCheck.Reason.NO_CERTIFICATE);
    assertThat(check.check(chain(ISSUER.issue(otherCa, service("xds-server", Usage.SERVER_AND_CLIENT))))).get()
        .satisfies(r -> {
          assertThat(r.reason()).isEqualTo(ClientCertificateCheck.Reason.UNTRUSTED_CERTIFICATE);
          assertThat(r.detail()).contains("CN=xds-server", "issued by \"CN=someone-else\"", "not accepted by the internal CA");
        });
    // A serving-only certificate of the right CA cannot act as a client.
    assertThat(check.check(chain(ISSUER.issue(ca, service("web", Usage.SERVER))))).get()
        .extracting(ClientCertificateCheck.Refusal::reason).isEqualTo(ClientCertificateCheck.Reason.UNTRUSTED_CERTIFICATE);
  }

  private static CertificateRequest service(String name, Usage usage) {
    return CertificateRequest.of(name, List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1), usage);
  }

  private static Certificate[] chain(IssuedCertificate issued) {
    return new Certificate[] {issued.certificate()};
  }
}
