package dev.atrium.e2e.security;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** JWTs an attacker can make, shared by the REST and the ADS fuzzers: signed with keys the server never issued. */
final class ForgedTokens {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private ForgedTokens() {}

  static String b64(String s) {
    return B64URL.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** HS256 keyed with {@code secret} (e.g. the public key's PEM, which anyone may read: algorithm confusion). */
  static String hs256(String secret, String claims) {
    String input = b64("{\"alg\":\"HS256\",\"kid\":\"1\",\"typ\":\"JWT\"}") + "." + b64(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + B64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** RS256 under {@code kid}, signed by a key the server does not know. */
  static String rs256(PrivateKey key, String kid, String claims) {
    String input = b64("{\"alg\":\"RS256\",\"kid\":\"" + kid.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"typ\":\"JWT\"}")
        + "." + b64(claims);
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.UTF_8));
      return input + "." + B64URL.encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
