package dev.atrium.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.DataSource;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Protocol;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Tls;
import dev.atrium.core.model.gateway.MeshGatewaySpec.TlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;

/**
 * Atrium's write-time certificate checks on TLS-terminating listeners. Certificates are generated
 * here (TestCertificates), never committed, so these cases live in Java rather than golden YAML.
 */
class CertificateValidationTest {

  private static final String CERTS = "conf.listeners[0].tls.certificates";
  private static final TestCertificates.Issued RSA = TestCertificates.rsa();
  private static final TestCertificates.Issued EC = TestCertificates.ec();

  private final Validator validator = new Validator((mesh, name) -> Optional.empty());

  @Test
  void acceptsRsaCertificateWithPkcs8Key() {
    assertThat(validator.validate(gateway(inlineString(RSA.certificatePem() + RSA.pkcs8KeyPem())))).isEmpty();
  }

  @Test
  void acceptsEveryKeyEncodingUsersPaste() {
    // PKCS#1 "RSA PRIVATE KEY" and SEC1 "EC PRIVATE KEY", key first, as inline bytes.
    assertThat(validator.validate(gateway(inline(RSA.traditionalKeyPem() + RSA.certificatePem())))).isEmpty();
    assertThat(validator.validate(gateway(inline(EC.traditionalKeyPem() + EC.certificatePem())))).isEmpty();
    assertThat(validator.validate(gateway(inlineString(EC.certificatePem() + EC.pkcs8KeyPem())))).isEmpty();
  }

  @Test
  void acceptsOneRsaAndOneEcdsaCertificate() {
    assertThat(validator.validate(gateway(inlineString(RSA.bundle()), inlineString(EC.bundle())))).isEmpty();
  }

  @Test
  void refusesTwoCertificatesOfTheSameKeyType() {
    TestCertificates.Issued otherRsa = TestCertificates.rsa();
    assertThat(validator.validate(gateway(inlineString(RSA.bundle()), inlineString(otherRsa.bundle()))))
        .containsExactly(new Violation(CERTS + "[1]", "both certificates use RSA keys; use one RSA and one ECDSA"));
    TestCertificates.Issued otherEc = TestCertificates.ec();
    assertThat(validator.validate(gateway(inlineString(EC.bundle()), inlineString(otherEc.bundle()))))
        .containsExactly(new Violation(CERTS + "[1]", "both certificates use ECDSA keys; use one RSA and one ECDSA"));
  }

  @Test
  void reportsMissingKeyAndMissingCertificateOnTheirOwnSource() {
    List<Violation> violations = validator.validate(gateway(inlineString(RSA.certificatePem()), inlineString(EC.pkcs8KeyPem())));
    assertThat(violations).containsExactly(
        new Violation(CERTS + "[0]", "missing private key"),
        new Violation(CERTS + "[1]", "missing server certificate"));
  }

  @Test
  void refusesKeyThatDoesNotMatchTheCertificate() {
    TestCertificates.Issued other = TestCertificates.rsa();
    Violation mismatch = new Violation(CERTS + "[0]", "private key does not match the certificate");
    assertThat(validator.validate(gateway(inlineString(RSA.certificatePem() + other.pkcs8KeyPem()))))
        .containsExactly(mismatch);
    // An ECDSA certificate with an RSA key: the types differ, so nothing is signed at all.
    assertThat(validator.validate(gateway(inlineString(EC.certificatePem() + RSA.pkcs8KeyPem()))))
        .containsExactly(mismatch);
  }

  @Test
  void refusesExpiredCertificateNamingTheDate() {
    TestCertificates.Issued expired = TestCertificates.expiredRsa(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(validator.validate(gateway(inlineString(expired.bundle()))))
        .containsExactly(new Violation(CERTS + "[0]", "certificate expired on 2024-01-01T00:00:00Z"));
  }

  @Test
  void expiryIsJudgedByTheValidatorsClock() {
    Instant notAfter = Instant.parse("2030-06-01T12:00:00Z");
    TestCertificates.Issued cert = TestCertificates.issue(TestCertificates.keyPair("EC"), "later.example.com", notAfter);
    Validator before = new Validator((m, n) -> Optional.empty(), Clock.fixed(notAfter.minusSeconds(1), ZoneOffset.UTC));
    Validator after = new Validator((m, n) -> Optional.empty(), Clock.fixed(notAfter.plus(Duration.ofDays(1)), ZoneOffset.UTC));
    assertThat(before.validate(gateway(inlineString(cert.bundle())))).isEmpty();
    assertThat(after.validate(gateway(inlineString(cert.bundle()))))
        .containsExactly(new Violation(CERTS + "[0]", "certificate expired on 2030-06-01T12:00:00Z"));
  }

  @Test
  void refusesTwoPrivateKeysInOneSource() {
    assertThat(validator.validate(gateway(inlineString(RSA.bundle() + RSA.traditionalKeyPem()))))
        .containsExactly(new Violation(CERTS + "[0]", "found 2 private keys; expected exactly one"));
  }

  @Test
  void refusesEncryptedPrivateKey() throws Exception {
    var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
        .setProvider(PemBundle.PROVIDER).setPassword("secret".toCharArray()).build();
    String encryptedKey = TestCertificates.pem(new JcaPKCS8Generator(RSA.keys().getPrivate(), encryptor));
    assertThat(validator.validate(gateway(inlineString(RSA.certificatePem() + encryptedKey))))
        .containsExactly(new Violation(CERTS + "[0]", "private key is encrypted; Envoy needs an unencrypted key"));
  }

  @Test
  void refusesTextThatIsNotPemOrIsCorrupt() {
    assertThat(validator.validate(gateway(inlineString("hello, I am not a certificate"))))
        .containsExactly(new Violation(CERTS + "[0]", "no PEM data: expected a private key and at least one certificate"));
    String corrupt = "-----BEGIN CERTIFICATE-----\nnot*base64*at*all\n-----END CERTIFICATE-----\n";
    assertThat(validator.validate(gateway(inlineString(corrupt))))
        .singleElement().satisfies(v -> {
          assertThat(v.field()).isEqualTo(CERTS + "[0]");
          assertThat(v.message()).startsWith("invalid PEM: ");
        });
  }

  @Test
  void refusesEcKeyThatDoesNotNameItsCurve() {
    assertThat(validator.validate(gateway(inlineString(EC.certificatePem() + EC.curvelessEcKeyPem()))))
        .containsExactly(new Violation(CERTS + "[0]", "invalid PEM: unreadable private key"));
  }

  @Test
  void readsCertificatesFromMeshSecrets() {
    byte[] good = RSA.bundle().getBytes(StandardCharsets.UTF_8);
    byte[] keyless = EC.certificatePem().getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> secrets = Map.of("default/edge-rsa", good, "default/edge-ec", keyless);
    Validator withStore = new Validator((mesh, name) -> Optional.ofNullable(secrets.get(mesh + "/" + name)));
    assertThat(withStore.validate(gateway(secret("edge-rsa")))).isEmpty();
    assertThat(withStore.validate(gateway(secret("edge-ec"))))
        .containsExactly(new Violation(CERTS + "[0]", "missing private key"));
    assertThat(withStore.validate(gateway(secret("edge-gone"))))
        .containsExactly(new Violation(CERTS + "[0].secret", "secret \"edge-gone\" not found in mesh \"default\""));
  }

  @Test
  void skipsWhatCannotBeCheckedHere() {
    // No store (e.g. atriumctl checking before it sends), and files that live on the gateway's machine.
    Validator clientSide = new Validator(SecretLookup.unavailable());
    assertThat(clientSide.validate(gateway(secret("edge-rsa")))).isEmpty();
    assertThat(validator.validate(gateway(new DataSource(null, "/etc/certs/edge.pem", null, null)))).isEmpty();
  }

  @Test
  void checksCertificatesWrittenAsYaml() {
    String yaml = """
        type: MeshGateway
        mesh: default
        name: edge-gateway
        selectors:
          - match:
              kuma.io/service: edge-gateway
        conf:
          listeners:
            - port: 8443
              protocol: HTTPS
              hostname: foo.example.com
              tls:
                mode: TERMINATE
                certificates:
                  - inlineString: |
        %s
        """.formatted(indent(RSA.certificatePem() + TestCertificates.rsa().pkcs8KeyPem(), "                  "));
    assertThat(validator.validate(ResourceCodec.decode(yaml)))
        .containsExactly(new Violation(CERTS + "[0]", "private key does not match the certificate"));
  }

  @Test
  void passthroughAndCrossMeshListenersAreNotParsed() {
    Listener passthrough = new Listener("foo.example.com", 8443, Protocol.TLS,
        new Tls(TlsMode.PASSTHROUGH, List.of(), null), Map.of(), null, null);
    assertThat(validator.validate(gateway(passthrough))).isEmpty();
  }

  private static Resource gateway(DataSource... certificates) {
    return gateway(new Listener("foo.example.com", 8443, Protocol.HTTPS,
        new Tls(TlsMode.TERMINATE, Arrays.asList(certificates), null), Map.of(), null, null));
  }

  private static Resource gateway(Listener listener) {
    MeshGatewaySpec spec = new MeshGatewaySpec(List.of(new Selector(Map.of("kuma.io/service", "edge-gateway"))),
        Map.of(), new MeshGatewaySpec.Conf(List.of(listener)));
    return new Resource(ResourceKind.MESH_GATEWAY, ResourceMeta.of("default", "edge-gateway"), spec);
  }

  private static DataSource inlineString(String pem) {
    return new DataSource(null, null, null, pem);
  }

  private static DataSource inline(String pem) {
    return new DataSource(null, null, pem.getBytes(StandardCharsets.UTF_8), null);
  }

  private static DataSource secret(String name) {
    return new DataSource(name, null, null, null);
  }

  private static String indent(String text, String prefix) {
    return text.lines().map(l -> prefix + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }
}
