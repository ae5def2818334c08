package dev.atrium.security.pem;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * ECDSA P-256 key pairs: what mesh proxies get. A P-256 key is made in well under a millisecond, an
 * RSA-2048 one in tens to hundreds (ADR 0014), and every TLS stack a mesh runs accepts it.
 */
public final class EcKeys {
  public static final String CURVE = "secp256r1";

  private EcKeys() {}

  public static KeyPair generateP256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(CURVE));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has EC P-256", e);
    }
  }
}
