package dev.atrium.core.validation;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The contents of one PEM blob as a TLS listener receives it: certificates in order (leaf first)
 * and private keys, in any encoding users paste (PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY",
 * PKCS#8 "PRIVATE KEY"). Other blocks (EC PARAMETERS, public keys) are ignored, as Envoy does.
 */
record PemBundle(List<Certificate> certificates, List<PrivateKey> keys, int encryptedKeys, int pemBlocks) {

  /**
   * BouncyCastle as a private provider instance: it reads every key encoding and curve, and is not
   * registered globally, so nothing else in the process changes behaviour because of it.
   */
  static final Provider PROVIDER = new BouncyCastleProvider();

  /**
   * A certificate reduced to what the checks need; {@code ca} is basicConstraints CA:TRUE, the key
   * usages are false when the certificate has no keyUsage extension (as Go reads it).
   */
  record Certificate(PublicKey publicKey, Instant notAfter, boolean ca, boolean keyCertSign, boolean keyAgreement) {}

  /** Thrown when the text has PEM markers but a block cannot be decoded. */
  static final class UnreadablePemException extends Exception {
    UnreadablePemException(String message) {
      super(message);
    }
  }

  static PemBundle parse(byte[] bytes) throws UnreadablePemException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(PROVIDER);
    List<Certificate> certificates = new ArrayList<>();
    List<PrivateKey> keys = new ArrayList<>();
    int encrypted = 0;
    int blocks = 0;
    try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
      for (Object o = readNext(parser); o != null; o = readNext(parser)) {
        blocks++;
        if (o instanceof X509CertificateHolder c) {
          BasicConstraints constraints = BasicConstraints.fromExtensions(c.getExtensions());
          KeyUsage usage = KeyUsage.fromExtensions(c.getExtensions());
          certificates.add(new Certificate(convert(() -> converter.getPublicKey(c.getSubjectPublicKeyInfo()),
              "unreadable certificate public key"), c.getNotAfter().toInstant(), constraints != null && constraints.isCA(),
              usage != null && usage.hasUsages(KeyUsage.keyCertSign), usage != null && usage.hasUsages(KeyUsage.keyAgreement)));
        } else if (o instanceof PEMKeyPair pair) {
          // Only the private half: SEC1 keys may omit the optional public key.
          keys.add(convert(() -> converter.getPrivateKey(pair.getPrivateKeyInfo()), "unreadable private key"));
        } else if (o instanceof PrivateKeyInfo info) {
          keys.add(convert(() -> converter.getPrivateKey(info), "unreadable private key"));
        } else if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          encrypted++;
        }
      }
    } catch (IOException e) {
      throw new UnreadablePemException(firstLine(e.getMessage()));
    }
    return new PemBundle(List.copyOf(certificates), List.copyOf(keys), encrypted, blocks);
  }

  @Override
  public String toString() {
    // Never print key material, even by accident in a log line.
    return "PemBundle[" + certificates.size() + " certificates, " + keys.size() + " keys]";
  }

  private static Object readNext(PEMParser parser) throws UnreadablePemException {
    try {
      return parser.readObject();
    } catch (IOException | RuntimeException e) {
      // Bad base64 or DER inside a block; the first line of the parser's message says which.
      throw new UnreadablePemException(firstLine(e.getMessage()));
    }
  }

  /** A conversion that fails on malformed key material (e.g. an EC key that does not name its curve). */
  @FunctionalInterface
  private interface Conversion<T> {
    T run() throws IOException;
  }

  private static <T> T convert(Conversion<T> conversion, String failure) throws UnreadablePemException {
    try {
      return conversion.run();
    } catch (IOException | RuntimeException e) {
      throw new UnreadablePemException(failure);
    }
  }

  /** "RSA" or "ECDSA" for the key types Envoy serves; otherwise the algorithm's own name. */
  static String keyType(java.security.Key key) {
    String alg = key.getAlgorithm();
    if (alg.equals("RSA")) return "RSA";
    if (alg.equals("EC") || alg.equals("ECDSA")) return "ECDSA";
    return alg;
  }

  private static String firstLine(String s) {
    if (s == null || s.isBlank()) return "unreadable PEM block";
    int nl = s.indexOf('\n');
    return nl < 0 ? s.trim() : s.substring(0, nl).trim();
  }
}
