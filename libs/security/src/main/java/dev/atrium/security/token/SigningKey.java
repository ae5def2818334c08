package dev.atrium.security.token;

import dev.atrium.security.pem.Pem;
import dev.atrium.security.pem.RsaKeys;
import java.security.KeyPair;

/**
 * An RSA key that signs tokens, known by its key id ({@code kid}). Kuma keeps each as a Secret whose
 * name ends in the kid ({@code dataplane-token-signing-key-<mesh>-<kid>}); the highest kid signs, the
 * older ones still verify until deleted — that is key rotation.
 */
public record SigningKey(String kid, KeyPair keys) {

  public static SigningKey generate(String kid) {
    return new SigningKey(kid, RsaKeys.generate());
  }

  /** From the PEM a signing-key Secret holds. */
  public static SigningKey fromPem(String kid, String pem) {
    return new SigningKey(kid, Pem.keyPair(pem));
  }

  /**
   * The public key PEM as Kuma writes a zone-token key's public half ({@code RSA PUBLIC KEY}, PKCS#1):
   * what a zone receives instead of the private key.
   */
  public String publicKeyPem() {
    return Pem.encodeRsaPublicKey(keys.getPublic());
  }

  /** The private key PEM (PKCS#1), what the Secret's data holds. */
  public String privateKeyPem() {
    return Pem.encode(keys.getPrivate());
  }
}
