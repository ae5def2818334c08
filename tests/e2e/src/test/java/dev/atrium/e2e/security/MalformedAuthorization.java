package dev.atrium.e2e.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Authorization header values that must authenticate no one: random bytes, real tokens truncated or
 * with a byte changed, claims edited under the old signature, the {@code none} and HS256 algorithms
 * (HS256 keyed with the public key: the classic algorithm confusion), tokens signed by a stranger's key
 * under kid 1 or naming kids that do not exist, expired and revoked tokens, huge and non-ASCII values.
 */
final class MalformedAuthorization {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final Random random;
  private final List<String> realTokens;
  private final List<String> deadTokens;
  private final String publicKeyPem;
  private final KeyPair stranger;

  /**
   * @param realTokens valid tokens to mutate (their mutations must fail)
   * @param deadTokens expired or revoked tokens, sent as they are
   */
  MalformedAuthorization(long seed, List<String> realTokens, List<String> deadTokens, String publicKeyPem) {
    this.random = new Random(seed);
    this.realTokens = realTokens;
    this.deadTokens = deadTokens;
    this.publicKeyPem = publicKeyPem;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      this.stranger = g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One header value, as bytes (they need not be text). */
  byte[] next() {
    String real = realTokens.get(random.nextInt(realTokens.size()));
    return switch (random.nextInt(14)) {
      case 0 -> randomBytes(1 + random.nextInt(200));
      case 1 -> bearer(randomBytes(1 + random.nextInt(300)));
      case 2 -> bearer(real.substring(0, random.nextInt(real.length())));
      case 3 -> bearer(flipOneChar(real));
      case 4 -> bearer(editedClaims(real));
      case 5 -> bearer(unsigned(claims("mesh-system:admin")));
      case 6 -> bearer(hs256(claims("mesh-system:admin")));
      case 7 -> bearer(signedByStranger("1", claims("mesh-system:admin")));
      case 8 -> bearer(signedByStranger(oddKid(), claims("mesh-system:admin")));
      case 9 -> bearer(deadTokens.get(random.nextInt(deadTokens.size())));
      case 10 -> bearer("A".repeat(1_000 + random.nextInt(40_000)));
      case 11 -> bearer(unicode());
      case 12 -> bearer(real.replace('.', random.nextBoolean() ? ',' : '_'));
      default -> ascii((random.nextBoolean() ? "bearer " : "Basic ") + real); // not "Bearer ": anonymous
    };
  }

  private byte[] bearer(String token) {
    return ascii("Bearer " + token);
  }

  private byte[] bearer(byte[] token) {
    byte[] out = new byte[7 + token.length];
    System.arraycopy(ascii("Bearer "), 0, out, 0, 7);
    System.arraycopy(token, 0, out, 7, token.length);
    return out;
  }

  /** Any byte but CR and LF, which would end the header line. */
  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      int v;
      do {
        v = random.nextInt(256);
      } while (v == '\r' || v == '\n');
      b[i] = (byte) v;
    }
    return b;
  }

  private String flipOneChar(String token) {
    char[] c = token.toCharArray();
    // Not the last character of a segment: its low bits may be unused padding, and a change there
    // leaves the decoded bytes (and so a valid token) as they were.
    int i;
    do {
      i = random.nextInt(c.length - 1);
    } while (c[i] == '.' || c[i + 1] == '.');
    char replacement;
    do {
      replacement = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charAt(random.nextInt(64));
    } while (replacement == c[i]);
    c[i] = replacement;
    return new String(c);
  }

  /** The same signature over claims that now say admin (or live forever). */
  private String editedClaims(String token) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String edited = random.nextBoolean()
        ? payload.replaceFirst("\"Groups\":\\[[^]]*]", "\"Groups\":[\"mesh-system:admin\"]")
        : payload.replaceFirst("\"exp\":\\d+", "\"exp\":4102444800");
    if (edited.equals(payload)) edited = payload.replaceFirst("\"Name\":\"", "\"Name\":\"x");
    return parts[0] + "." + B64URL.encodeToString(edited.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  private String claims(String name) {
    long now = System.currentTimeMillis() / 1000;
    return "{\"Name\":\"" + name + "\",\"Groups\":[\"mesh-system:admin\"],\"jti\":\"" + UUID.randomUUID()
        + "\",\"iat\":" + now + ",\"nbf\":" + (now - 5) + ",\"exp\":" + (now + 3600) + "}";
  }

  private String unsigned(String claims) {
    String header = random.nextBoolean() ? "{\"alg\":\"none\",\"typ\":\"JWT\"}" : "{\"alg\":\"none\",\"kid\":\"1\"}";
    return b64(header) + "." + b64(claims) + ".";
  }

  private String hs256(String claims) {
    return ForgedTokens.hs256(publicKeyPem, claims);
  }

  private String signedByStranger(String kid, String claims) {
    return ForgedTokens.rs256(stranger.getPrivate(), kid, claims);
  }

  private String oddKid() {
    return List.of("2", "0", "../../admin-user-token", "1 ", "", "x".repeat(5_000), "1\u0000", "ü", "-1")
        .get(random.nextInt(9));
  }

  private String unicode() {
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(100);
    for (int i = 0; i < n; i++) {
      int cp = random.nextInt(0x10FFFF);
      if (cp >= 0x20 && !(cp >= 0xD800 && cp <= 0xDFFF)) sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  private static String b64(String s) {
    return ForgedTokens.b64(s);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

}
