package dev.atrium.security.token;

import java.security.PublicKey;
import java.util.Optional;

/** Where a verifier finds the public key of a {@code kid}, and how it says that none exists. */
public interface SigningKeyLookup {
  Optional<PublicKey> publicKey(String kid);

  /** Kuma's words for a missing key, naming the Secret the key would be in. */
  String notFoundMessage(String kid);
}
