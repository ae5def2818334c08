package dev.atrium.security.token;

import dev.atrium.security.pem.Pem;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a zone token against the zone-token keys a control plane holds as GlobalSecrets: signed by a
 * key it knows (looked up by the token's {@code kid}), within its validity, not listed in
 * {@code zone-token-revocations}. A zone holds the public half global sent it
 * ({@code zone-token-signing-public-key-<serial>}); global and a standalone control plane the signing
 * key itself ({@code zone-token-signing-key-<serial>}), whose public half is used. Looking at both in
 * that order serves every mode without a mode setting. What the claims must say (scope, zone) is the
 * caller's to decide: a zone's xds-server wants {@code ingress} for its own zone, global's Store API
 * {@code cp} for any zone.
 *
 * <p>Blocking as {@link GlobalSecrets} is: each check reads the keys and the revocations by name.
 */
public final class ZoneTokenVerifier {
  /** Kids a token may name: anything else cannot end a Secret's name and is not looked up. */
  private static final Pattern KID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /** Where the GlobalSecrets come from: one by name, with the version it was stored at. */
  public interface GlobalSecrets {
    Optional<Stored> get(String name);
  }

  /** A GlobalSecret's data and its store version (to parse a key once per version). */
  public record Stored(byte[] data, long version) {}

  private final GlobalSecrets secrets;
  private final Clock clock;
  private final boolean signs;
  private final Map<String, ParsedKey> parsed = new ConcurrentHashMap<>();

  private record ParsedKey(long version, PublicKey key) {}

  /**
   * @param signs whether this control plane holds the signing keys (global): a missing key is then
   *     named by its private Secret's name, else (a zone) by the public copy's, where Kuma's zone looks
   */
  public ZoneTokenVerifier(GlobalSecrets secrets, Clock clock, boolean signs) {
    this.secrets = secrets;
    this.clock = clock;
    this.signs = signs;
  }

  /**
   * The claims of {@code credential} when a key here signed it, it is valid now and not revoked.
   *
   * @throws TokenException with Kuma's message (never the token)
   */
  public ZoneTokenClaims.Verified verify(String credential) throws TokenException {
    return ZoneTokens.verify(credential, keys(), revoked(), clock);
  }

  private SigningKeyLookup keys() {
    return new SigningKeyLookup() {
      @Override
      public Optional<PublicKey> publicKey(String kid) {
        if (!KID.matcher(kid).matches()) return Optional.empty();
        Optional<PublicKey> copied = key(TokenSecrets.zoneSigningPublicKey(kid));
        return copied.isPresent() ? copied : key(TokenSecrets.zoneSigningKey(kid));
      }

      @Override
      public String notFoundMessage(String kid) {
        if (!KID.matcher(kid).matches()) return "could not parse token: the token's kid names no signing key";
        String secret = signs ? TokenSecrets.zoneSigningKey(kid) : TokenSecrets.zoneSigningPublicKey(kid);
        return "there is no signing key with KID " + kid + ". GlobalSecret of name \"" + secret
            + "\" is not found. If signing key was rotated, regenerate the token";
      }
    };
  }

  private Optional<PublicKey> key(String name) {
    Optional<Stored> stored = secrets.get(name);
    if (stored.isEmpty()) return Optional.empty();
    ParsedKey known = parsed.get(name);
    if (known != null && known.version() == stored.get().version() && known.version() != 0) return Optional.of(known.key());
    try {
      // A private key PEM (global, standalone) gives its public half; the private key is not kept.
      PublicKey key = Pem.publicKey(new String(stored.get().data(), StandardCharsets.US_ASCII));
      parsed.put(name, new ParsedKey(stored.get().version(), key));
      return Optional.of(key);
    } catch (IllegalArgumentException notAKey) {
      return Optional.empty(); // an unreadable key verifies nothing
    }
  }

  private Set<String> revoked() {
    return secrets.get(TokenSecrets.ZONE_TOKEN_REVOCATIONS)
        .map(s -> TokenSecrets.revokedIds(new String(s.data(), StandardCharsets.UTF_8)))
        .orElse(Set.of());
  }
}
