package dev.atrium.security.token;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Kuma's names for the Secrets behind tokens, and the revocation list's format (comma-separated
 * {@code jti}s).
 */
public final class TokenSecrets {
  /** The kid every first key gets. */
  public static final String DEFAULT_KID = "1";
  /** GlobalSecret: the admin's user token, written on first start. */
  public static final String ADMIN_USER_TOKEN = "admin-user-token";
  /** GlobalSecret prefix of user-token signing keys: {@code user-token-signing-key-<kid>}. */
  public static final String USER_TOKEN_SIGNING_KEY_PREFIX = "user-token-signing-key-";
  /** GlobalSecret: revoked user tokens. */
  public static final String USER_TOKEN_REVOCATIONS = "user-token-revocations";
  /**
   * GlobalSecret prefix of zone-token signing keys, {@code zone-token-signing-key-<serial>}: private
   * keys, on global (and a standalone control plane) only.
   */
  public static final String ZONE_TOKEN_SIGNING_KEY_PREFIX = "zone-token-signing-key-";
  /**
   * GlobalSecret prefix of their public halves in zones, {@code zone-token-signing-public-key-<serial>}:
   * what global's sync writes there instead of the private key.
   */
  public static final String ZONE_TOKEN_SIGNING_PUBLIC_KEY_PREFIX = "zone-token-signing-public-key-";
  /** GlobalSecret: revoked zone tokens (sent to zones as it is). */
  public static final String ZONE_TOKEN_REVOCATIONS = "zone-token-revocations";

  private TokenSecrets() {}

  /** Mesh Secret prefix of a mesh's dataplane-token signing keys: {@code dataplane-token-signing-key-<mesh>-<kid>}. */
  public static String dataplaneSigningKeyPrefix(String mesh) {
    return "dataplane-token-signing-key-" + mesh + "-";
  }

  public static String dataplaneSigningKey(String mesh, String kid) {
    return dataplaneSigningKeyPrefix(mesh) + kid;
  }

  /** Mesh Secret: revoked dataplane tokens of a mesh. */
  public static String dataplaneRevocations(String mesh) {
    return "dataplane-token-revocations-" + mesh;
  }

  public static String userSigningKey(String kid) {
    return USER_TOKEN_SIGNING_KEY_PREFIX + kid;
  }

  public static String zoneSigningKey(String kid) {
    return ZONE_TOKEN_SIGNING_KEY_PREFIX + kid;
  }

  public static String zoneSigningPublicKey(String kid) {
    return ZONE_TOKEN_SIGNING_PUBLIC_KEY_PREFIX + kid;
  }

  /** The kid a signing-key Secret's name ends in, when {@code name} is one under {@code prefix}. */
  public static Optional<String> kidOf(String prefix, String name) {
    if (!name.startsWith(prefix) || name.length() == prefix.length()) return Optional.empty();
    return Optional.of(name.substring(prefix.length()));
  }

  /**
   * Which of two kids signs: the higher number (Kuma's serial), else the later in string order for
   * non-numeric kids.
   */
  public static int compareKids(String a, String b) {
    boolean an = a.chars().allMatch(Character::isDigit) && !a.isEmpty();
    boolean bn = b.chars().allMatch(Character::isDigit) && !b.isEmpty();
    if (an && bn) return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
    if (an != bn) return an ? 1 : -1;
    return a.compareTo(b);
  }

  /** The revoked ids in a revocation Secret's data. */
  public static Set<String> revokedIds(String data) {
    if (data == null) return Set.of();
    return Arrays.stream(data.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }
}
