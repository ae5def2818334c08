package dev.atrium.xds.identity;

import dev.atrium.security.pem.EcKeys;
import dev.atrium.security.pem.RsaKeys;
import java.security.KeyPair;

/**
 * The key each proxy certificate gets, fresh at every issue (ADR 0014). ECDSA P-256 by default: made
 * in well under a millisecond where an RSA-2048 key takes tens, which is what a fleet connecting at
 * once or a mesh enabling mTLS waits on. RSA-2048 is Kuma's choice, for peers that cannot take ECDSA.
 */
public enum ProxyKeyAlgorithm {
  ECDSA_P256,
  RSA_2048;

  public KeyPair generate() {
    return this == ECDSA_P256 ? EcKeys.generateP256() : RsaKeys.generate(2048);
  }
}
