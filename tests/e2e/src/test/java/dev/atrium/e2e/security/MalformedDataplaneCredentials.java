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
 * What a proxy might present as its ADS {@code authorization} metadata (or a bootstrap's
 * {@code dataplaneToken}) that must authenticate no one as the target Dataplane: random text, the
 * target's own token truncated or with one character changed in its header, payload or signature,
 * claims edited under the old signature, {@code alg: none} and HS256 keyed with the public key, tokens
 * signed by a stranger's key, valid tokens for another Dataplane, another mesh or other tags, expired
 * and revoked tokens, huge values, several values at once, odd {@code Bearer} prefixes and unicode
 * escapes. gRPC metadata values are printable ASCII, so every value is (non-ASCII characters would be
 * sent as {@code ?} anyway).
 */
final class MalformedDataplaneCredentials {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  static final int KINDS = 20;

  /** The real tokens the cases are made of; {@code valid} itself is never sent alone. */
  record Tokens(String valid, List<String> otherDataplane, String otherMesh, String otherTags, String expired,
      String revoked, String publicKeyPem) {}

  private final Random random;
  private final Tokens tokens;
  private final String targetName;
  private final int hugeLimit;
  private final KeyPair stranger;
  private int lastKind;

  /** @param hugeLimit the largest value sent: under the server's header list limit */
  MalformedDataplaneCredentials(long seed, Tokens tokens, String targetName, int hugeLimit) {
    this.random = new Random(seed);
    this.tokens = tokens;
    this.targetName = targetName;
    this.hugeLimit = hugeLimit;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      this.stranger = g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One case: the values of the {@code authorization} metadata (usually one; none or several for some). */
  List<String> next() {
    String valid = tokens.valid();
    lastKind = random.nextInt(KINDS);
    return switch (lastKind) {
      case 0 -> List.of(printable(random.nextInt(300)));
      case 1 -> List.of("Bearer " + printable(1 + random.nextInt(300)));
      case 2 -> List.of(maybeBearer(valid.substring(0, random.nextInt(valid.length()))));
      case 3 -> List.of(maybeBearer(flipOneChar(valid, random.nextInt(3))));
      case 4 -> List.of(maybeBearer(editedClaims(valid)));
      case 5 -> List.of(maybeBearer(unsigned(claims(targetName))));
      case 6 -> List.of(maybeBearer(hs256(claims(targetName))));
      case 7 -> List.of(maybeBearer(signedByStranger(random.nextBoolean() ? "1" : oddKid(), claims(targetName))));
      case 8 -> List.of(maybeBearer(tokens.otherDataplane().get(random.nextInt(tokens.otherDataplane().size()))));
      case 9 -> List.of(maybeBearer(tokens.otherMesh()));
      case 10 -> List.of(maybeBearer(tokens.otherTags()));
      case 11 -> List.of(maybeBearer(random.nextBoolean() ? tokens.expired() : tokens.revoked()));
      case 12 -> List.of(huge(valid));
      case 13 -> several(valid);
      case 14 -> List.of(oddPrefix(valid));
      case 15 -> List.of(maybeBearer(unicodeEscaped(valid)));
      case 16 -> List.of(maybeBearer(valid.replace('.', random.nextBoolean() ? ',' : '_')));
      case 17 -> List.of(maybeBearer(reordered(valid)));
      case 18 -> List.of(List.of("", " ", "Bearer", "Bearer ", "Bearer  ", "null", "undefined", ".", "..", "e30.e30.")
          .get(random.nextInt(10)));
      // Never only whitespace or '=' after it: the server strips the one, a Base64 decoder may accept the other.
      default -> List.of(maybeBearer(valid + BASE64URL.charAt(random.nextInt(64)) + printable(random.nextInt(20))));
    };
  }

  /** Which kind of case {@link #next()} made last (its number in the switch), for failure messages. */
  int lastKind() {
    return lastKind;
  }

  private String maybeBearer(String token) {
    return random.nextBoolean() ? "Bearer " + token : token;
  }

  private String printable(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) sb.append((char) (0x20 + random.nextInt(0x7f - 0x20)));
    return sb.toString();
  }

  /** One character of segment {@code segment} (0 header, 1 payload, 2 signature) replaced. */
  private String flipOneChar(String token, int segment) {
    String[] parts = token.split("\\.");
    char[] c = parts[segment].toCharArray();
    // Not the segment's last character: its low bits may be padding, and changing them may decode to
    // the same bytes (a still valid token).
    int i = random.nextInt(c.length - 1);
    char replacement;
    do {
      replacement = BASE64URL.charAt(random.nextInt(64));
    } while (replacement == c[i]);
    c[i] = replacement;
    parts[segment] = new String(c);
    return String.join(".", parts);
  }

  /** The same signature over claims edited to live forever, drop the tags, or name another proxy. */
  private String editedClaims(String token) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String edited = switch (random.nextInt(3)) {
      case 0 -> payload.replaceFirst("\"exp\":\\d+", "\"exp\":4102444800");
      case 1 -> payload.replaceFirst("\"Tags\":\\{[^}]*}", "\"Tags\":{}");
      default -> payload.replaceFirst("\"Name\":\"", "\"Name\":\"x");
    };
    if (edited.equals(payload)) edited = payload.replaceFirst("\"jti\":\"", "\"jti\":\"x");
    return parts[0] + "." + B64URL.encodeToString(edited.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  private String claims(String name) {
    long now = System.currentTimeMillis() / 1000;
    return "{\"Name\":\"" + name + "\",\"Mesh\":\"default\",\"Tags\":{},\"Type\":\"dataplane\",\"jti\":\""
        + UUID.randomUUID() + "\",\"iat\":" + now + ",\"nbf\":" + (now - 5) + ",\"exp\":" + (now + 3600) + "}";
  }

  private String unsigned(String claims) {
    String header = List.of("{\"alg\":\"none\",\"typ\":\"JWT\"}", "{\"alg\":\"none\",\"kid\":\"1\"}",
        "{\"alg\":\"NONE\",\"kid\":\"1\"}", "{\"alg\":\"\",\"kid\":\"1\"}").get(random.nextInt(4));
    String token = b64(header) + "." + b64(claims) + ".";
    return random.nextBoolean() ? token : token + signatureOf(tokens.valid());
  }

  private String hs256(String claims) {
    return ForgedTokens.hs256(tokens.publicKeyPem(), claims);
  }

  private String signedByStranger(String kid, String claims) {
    return ForgedTokens.rs256(stranger.getPrivate(), kid, claims);
  }

  private String oddKid() {
    return List.of("2", "0", "../../default/dataplane-token-signing-key-default-1", "1 ", "", "x".repeat(2_000), "1\u0000", "-1",
        "default-1").get(random.nextInt(9));
  }

  /** Up to the header limit: junk, the token padded, or the token repeated. */
  private String huge(String valid) {
    int size = 1_000 + random.nextInt(hugeLimit - 1_000);
    return switch (random.nextInt(3)) {
      case 0 -> ("Bearer " + "A".repeat(size)).substring(0, size);
      case 1 -> (valid + "." + "A".repeat(size)).substring(0, Math.max(size, valid.length() + 2));
      default -> (valid + ".").repeat(size / (valid.length() + 1) + 1).substring(0, size);
    };
  }

  /** Two to four values, the valid token among them: Kuma wants exactly one. */
  private List<String> several(String valid) {
    List<String> values = new ArrayList<>(List.of(valid));
    int more = 1 + random.nextInt(3);
    for (int i = 0; i < more; i++) values.add(random.nextBoolean() ? valid : "Bearer " + printable(1 + random.nextInt(50)));
    java.util.Collections.shuffle(values, random);
    return values;
  }

  /** Prefixes that are not {@code Bearer } followed by the token. */
  private String oddPrefix(String valid) {
    return List.of("Bearer Bearer ", "Basic ", "Token ", "Bearer,", "Bearer:", "Bearer=", "JWT ", "Bearer\"", "Bearer %20",
        "Bearer" + valid.substring(0, 3) + " ").get(random.nextInt(10)) + valid;
  }

  /** Some characters written as {@code \\uXXXX} or {@code %XX}: escapes nobody decodes. */
  private String unicodeEscaped(String token) {
    StringBuilder sb = new StringBuilder();
    boolean changed = false;
    for (char ch : token.toCharArray()) {
      if (random.nextInt(20) == 0) {
        sb.append(random.nextBoolean() ? String.format("\\u%04x", (int) ch) : String.format("%%%02X", (int) ch));
        changed = true;
      } else {
        sb.append(ch);
      }
    }
    return changed ? sb.toString() : "\\u0065" + token.substring(1);
  }

  /** The segments in another order. */
  private String reordered(String token) {
    String[] p = token.split("\\.");
    return random.nextBoolean() ? p[1] + "." + p[0] + "." + p[2] : p[0] + "." + p[2] + "." + p[1];
  }

  private static String signatureOf(String token) {
    return token.substring(token.lastIndexOf('.') + 1);
  }

  private static String b64(String s) {
    return ForgedTokens.b64(s);
  }
}
