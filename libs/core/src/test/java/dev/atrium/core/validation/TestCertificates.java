package dev.atrium.core.validation;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed certificates made while the tests run, so that no private key is ever committed.
 * RSA 2048 and EC P-256, valid now or already expired, written as PEM in each key encoding.
 */
final class TestCertificates {
  private TestCertificates() {}

  private static final AtomicLong SERIAL = new AtomicLong(1);

  /** A key pair and its self-signed certificate. */
  record Issued(KeyPair keys, X509CertificateHolder certificate) {
    String certificatePem() {
      return pem(certificate);
    }

    /** RSA as "RSA PRIVATE KEY" (PKCS#1), EC as "EC PRIVATE KEY" (SEC1): what openssl genrsa/ecparam write. */
    String traditionalKeyPem() {
      if (keys.getPrivate().getAlgorithm().equals("RSA")) return pem(keys.getPrivate());
      // SEC1 as openssl writes it: with the curve and the public key. (Converting the JDK's PKCS#8
      // encoding directly would drop the curve, which no TLS stack can read.)
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
      ECPrivateKey bare = ECPrivateKey.getInstance(parse(info));
      SubjectPublicKeyInfo pub = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
      ECPrivateKey sec1 = new ECPrivateKey(256, bare.getKey(), pub.getPublicKeyData(),
          info.getPrivateKeyAlgorithm().getParameters());
      try {
        return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A SEC1 key that does not name its curve: what a careless converter writes. */
    String curvelessEcKeyPem() {
      return pem(keys.getPrivate());
    }

    /** "PRIVATE KEY" (PKCS#8): what openssl genpkey and most tools write today. */
    String pkcs8KeyPem() {
      try {
        return pem(new JcaPKCS8Generator(keys.getPrivate(), null));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The usual bundle: certificate, then key. */
    String bundle() {
      return certificatePem() + pkcs8KeyPem();
    }
  }

  static Issued rsa() {
    return issue(keyPair("RSA"), "rsa.example.com", Instant.now().plus(Duration.ofDays(30)));
  }

  static Issued ec() {
    return issue(keyPair("EC"), "ec.example.com", Instant.now().plus(Duration.ofDays(30)));
  }

  static Issued expiredRsa(Instant notAfter) {
    return issue(keyPair("RSA"), "expired.example.com", notAfter);
  }

  static KeyPair keyPair(String algorithm) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        gen.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        gen.initialize(2048);
      }
      return gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Issued issue(KeyPair keys, String commonName, Instant notAfter) {
    X500Name name = new X500Name("CN=" + commonName);
    Instant notBefore = notAfter.minus(Duration.ofDays(365));
    String signature = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.getAndIncrement()),
          Date.from(notBefore), Date.from(notAfter), name, keys.getPublic());
      return new Issued(keys, builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static org.bouncycastle.asn1.ASN1Encodable parse(PrivateKeyInfo info) {
    try {
      return info.parsePrivateKey();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
