package dev.atrium.security.pem;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * PEM text ⇄ keys and certificates. Reads every private-key encoding operators paste (PKCS#1
 * {@code RSA PRIVATE KEY}, PKCS#8 {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}); writes PKCS#1 for
 * RSA keys, the form Kuma stores its signing keys in.
 */
public final class Pem {
  private Pem() {}

  public static String encode(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object o : objects) writer.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * A private key as PKCS#8 {@code PRIVATE KEY}: the encoding that names an EC key's curve, which
   * every TLS stack (Envoy's BoringSSL included) and {@link #privateKey} read.
   */
  public static String encodePkcs8(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /**
   * An RSA public key as PKCS#1 {@code RSA PUBLIC KEY} (Go's {@code x509.MarshalPKCS1PublicKey}, the
   * form Kuma gives a zone-token key's public half); {@link #publicKey} reads it back.
   */
  public static String encodeRsaPublicKey(PublicKey key) {
    if (!(key instanceof java.security.interfaces.RSAPublicKey rsa)) {
      throw new IllegalArgumentException("not an RSA public key: " + key.getAlgorithm());
    }
    try {
      byte[] der = new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent()).getEncoded();
      return encode(new org.bouncycastle.util.io.pem.PemObject("RSA PUBLIC KEY", der));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first private key in {@code pem}; the key pair when the encoding carries the public half. */
  public static PrivateKey privateKey(String pem) {
    // Read directly: a PKCS#8 EC key does not carry its public half, and only the private key is wanted.
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
        if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("no private key in PEM");
  }

  /** A private key and its public key (derived for RSA when the PEM carries only the private part). */
  public static KeyPair keyPair(String pem) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PEMKeyPair pair) return converter.getKeyPair(pair);
        if (o instanceof PrivateKeyInfo info) {
          PrivateKey key = converter.getPrivateKey(info);
          return new KeyPair(RsaKeys.publicOf(key), key);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("no private key in PEM");
  }

  public static PublicKey publicKey(String pem) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof SubjectPublicKeyInfo info) return converter.getPublicKey(info);
        if (o instanceof PEMKeyPair pair) return converter.getKeyPair(pair).getPublic();
        if (o instanceof PrivateKeyInfo info) return RsaKeys.publicOf(converter.getPrivateKey(info));
        if (o instanceof X509CertificateHolder holder) return certificate(holder).getPublicKey();
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PEM public key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("no public key in PEM");
  }

  /** Every certificate in {@code pem}, in order (a chain or a bundle). */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) out.add(certificate(holder));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not PEM certificates: " + e.getMessage(), e);
    }
    return out;
  }

  private static X509Certificate certificate(X509CertificateHolder holder) {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
