package dev.atrium.core.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway mesh CA and the workload certificates it signs, shaped like Kuma's (kuma-security-facts
 * A2): URI SANs {@code spiffe://<mesh>/<service>} and {@code kuma://<tag>/<value>}, serverAuth + clientAuth.
 * For tests that put real mesh-TLS traffic through Envoy.
 */
public final class MeshCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(1);

  private final KeyPair caKeys;
  private final X509Certificate ca;

  private MeshCertificates(KeyPair caKeys, X509Certificate ca) {
    this.caKeys = caKeys;
    this.ca = ca;
  }

  /** A CA for {@code mesh} (Subject O=Kuma, OU=Mesh, CN=mesh). */
  public static MeshCertificates ca(String mesh) {
    KeyPair keys = rsa();
    X500Name name = new X500Name("O=Kuma,OU=Mesh,CN=" + mesh);
    return new MeshCertificates(keys, sign(name, keys, name, keys, true, List.of("spiffe://" + mesh)));
  }

  public String caPem() {
    return pem(ca);
  }

  /** A workload certificate with the URI SANs {@code uris}, and its key. */
  public Workload workload(String... uris) {
    KeyPair keys = rsa();
    X509Certificate cert = sign(new X500Name("O=Kuma"), keys, X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
        caKeys, false, List.of(uris));
    return new Workload(cert, keys);
  }

  public record Workload(X509Certificate certificate, KeyPair keys) {
    public String certificatePem() {
      return pem(certificate);
    }

    public String keyPem() {
      return pem(keys.getPrivate());
    }
  }

  private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
      boolean isCa, List<String> uris) {
    Instant now = Instant.now();
    try {
      var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.getAndIncrement()),
          Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      builder.addExtension(Extension.keyUsage, true, isCa
          ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
          : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
      if (!isCa) {
        builder.addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      }
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
          uris.stream().map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, u)).toArray(GeneralName[]::new)));
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.cert.CertIOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      return gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
