package dev.atrium.xds.auth;

import dev.atrium.security.pem.Pem;
import dev.atrium.security.token.SigningKeyLookup;
import dev.atrium.security.token.TokenException;
import dev.atrium.security.token.TokenSecrets;
import dev.atrium.security.token.ZoneTokenClaims;
import dev.atrium.security.token.ZoneTokens;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code zoneToken} (Kuma's {@code dpServer.authn.zoneProxy.type} on universal): a ZoneIngress presents a
 * zone token, an RS256 JWT signed by global's {@code zone-token-signing-key-<serial>}, not expired, not
 * listed in {@code zone-token-revocations}, whose {@code Scope} holds {@code ingress} and whose
 * {@code Zone} is the zone this control plane serves. The key is looked up by the token's {@code kid}:
 * on a zone, the public half global's sync wrote ({@code zone-token-signing-public-key-<serial>}); on a
 * standalone (or global) control plane, the public half of the signing key itself. A zone never holds
 * the private key, and a standalone one no public copy, so looking at both in that order gives each its
 * Kuma behaviour without a mode setting.
 *
 * <p>Blocking: every check reads the key and the revocations by name ({@link GlobalSecrets}, the Store
 * API), so run it off the event loop (as {@link OffloadedCalls} does for TokenReviews).
 */
public final class ZoneTokenAuthenticator {
  /** Kids a token may name: anything else cannot end a Secret's name and is not looked up. */
  private static final Pattern KID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /** Where the GlobalSecrets come from: one by name, with the version it was stored at. */
  public interface GlobalSecrets {
    Optional<Stored> get(String name);
  }

  /** A GlobalSecret's data and its store version (to parse a key once per version). */
  public record Stored(byte[] data, long version) {}

  private final GlobalSecrets secrets;
  private final String zone;
  private final Clock clock;
  private final Map<String, ParsedKey> parsed = new ConcurrentHashMap<>();

  private record ParsedKey(long version, PublicKey key) {}

  /** @param zone the zone this control plane serves ({@code atrium.xds.zone}) */
  public ZoneTokenAuthenticator(GlobalSecrets secrets, String zone, Clock clock) {
    this.secrets = secrets;
    this.zone = zone;
    this.clock = clock;
  }

  /**
   * Whether {@code credential} lets its holder serve as the ZoneIngress {@code ingressName} of this zone.
   * Kuma binds a zone token to a zone and a scope, not to an ingress's name: any ingress of the zone may
   * present it ({@code ingressName} is named in nothing but the caller's log line).
   *
   * @throws AuthenticationException with Kuma's words (never the token)
   */
  public void authenticate(String credential, String ingressName) throws AuthenticationException {
    ZoneTokenClaims.Verified verified;
    try {
      verified = ZoneTokens.verify(credential, keys(), revoked(), clock);
    } catch (TokenException e) {
      throw new AuthenticationException(e.getMessage());
    }
    String mismatch = verified.claims().mismatch(zone, ZoneTokenClaims.INGRESS);
    if (mismatch != null) throw new AuthenticationException(mismatch);
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
        // Kuma's words on a zone, where zone proxies run: the Secret global's public key would be in.
        return "there is no signing key with KID " + kid + ". GlobalSecret of name \"" + TokenSecrets.zoneSigningPublicKey(kid)
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
      // A private key PEM (standalone) gives its public half; the private key is not kept.
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
