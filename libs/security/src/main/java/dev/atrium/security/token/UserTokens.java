package dev.atrium.security.token;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** User tokens for the REST API (Kuma's claims {@code Name} and {@code Groups}), signed by a global key. */
public final class UserTokens {
  /** Kuma's admin: user and group {@code mesh-system:admin}. */
  public static final String ADMIN = "mesh-system:admin";
  public static final String AUTHENTICATED = "mesh-system:authenticated";
  public static final String ANONYMOUS = "mesh-system:anonymous";
  public static final String UNAUTHENTICATED = "mesh-system:unauthenticated";

  private UserTokens() {}

  public record User(String name, List<String> groups, String id, Instant expiresAt) {
    public User {
      groups = List.copyOf(groups);
    }
  }

  public static String issue(SigningKey key, String name, List<String> groups, Duration validFor, Clock clock) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Name", name);
    body.put("Groups", List.copyOf(groups));
    return SignedTokens.sign(key, body, validFor, clock);
  }

  public static User verify(String token, SigningKeyLookup keys, Set<String> revokedIds, Clock clock) throws TokenException {
    JWTClaimsSet set = SignedTokens.verify(token, keys, revokedIds, clock);
    try {
      String name = set.getStringClaim("Name");
      if (name == null || name.isEmpty()) throw new TokenException("could not parse token: the token names no user");
      List<String> groups = set.getStringListClaim("Groups");
      return new User(name, groups == null ? List.of() : groups, set.getJWTID(),
          set.getExpirationTime() == null ? null : set.getExpirationTime().toInstant());
    } catch (ParseException e) {
      throw new TokenException("could not parse token: " + e.getMessage());
    }
  }
}
