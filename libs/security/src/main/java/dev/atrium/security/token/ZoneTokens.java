package dev.atrium.security.token;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zone tokens as Kuma 2.14 makes them: RS256, {@code kid} = the serial of the GlobalSecret
 * {@code zone-token-signing-key-<serial>} that signed, claims {@code Zone}, {@code Scope} (Go field
 * names) beside {@code jti}, {@code iat}, {@code nbf}, {@code exp}. Signed on global (or a standalone
 * control plane); verified in zones with the public key global sends them.
 */
public final class ZoneTokens {
  private ZoneTokens() {}

  public static String issue(SigningKey key, ZoneTokenClaims claims, Duration validFor, Clock clock) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Zone", claims.zone());
    body.put("Scope", List.copyOf(claims.scope()));
    return SignedTokens.sign(key, body, validFor, clock);
  }

  /**
   * The claims of a token signed by a key {@code keys} knows, within its validity and not revoked.
   *
   * @throws TokenException with Kuma's message (never the token)
   */
  public static ZoneTokenClaims.Verified verify(String credential, SigningKeyLookup keys, Set<String> revokedIds, Clock clock)
      throws TokenException {
    JWTClaimsSet set = SignedTokens.verify(credential, keys, revokedIds, clock);
    try {
      List<String> scope = set.getClaim("Scope") == null ? List.of() : set.getStringListClaim("Scope");
      return new ZoneTokenClaims.Verified(new ZoneTokenClaims(set.getStringClaim("Zone"), scope), set.getJWTID(),
          set.getExpirationTime() == null ? null : set.getExpirationTime().toInstant());
    } catch (ParseException e) {
      throw new TokenException("could not parse token: the token's Zone or Scope claim is not what a zone token holds");
    }
  }
}
