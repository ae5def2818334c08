package dev.atrium.security.pem;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;

/** RSA key pairs: generated (2048 bits, as Kuma's signing keys and certificates), or the public half of a private key. */
public final class RsaKeys {
  public static final int DEFAULT_BITS = 2048;

  private RsaKeys() {}

  public static KeyPair generate() {
    return generate(DEFAULT_BITS);
  }

  public static KeyPair generate(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key of an RSA private key that carries its CRT parameters (every PEM-encoded one does). */
  static PublicKey publicOf(PrivateKey key) {
    if (!(key instanceof RSAPrivateCrtKey rsa)) {
      throw new IllegalArgumentException("a " + key.getAlgorithm() + " private key without its public key");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
