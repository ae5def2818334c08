package dev.atrium.security.token;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Issues and verifies dataplane tokens with Kuma's claim names (Go field names: {@code Name}, {@code Mesh}, …). */
public final class DataplaneTokens {
  /** Kuma's default lifetime when {@code validFor} is not given. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);

  private DataplaneTokens() {}

  public static String issue(SigningKey key, DataplaneTokenClaims claims, Duration validFor, Clock clock) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Name", claims.name());
    body.put("Mesh", claims.mesh());
    Map<String, Object> tags = new LinkedHashMap<>();
    claims.tags().forEach((k, v) -> tags.put(k, List.copyOf(v)));
    body.put("Tags", tags);
    body.put("Type", claims.type());
    body.put("Workload", claims.workload());
    return SignedTokens.sign(key, body, validFor, clock);
  }

  public static DataplaneTokenClaims.Verified verify(String token, SigningKeyLookup keys, Set<String> revokedIds, Clock clock)
      throws TokenException {
    JWTClaimsSet set = SignedTokens.verify(token, keys, revokedIds, clock);
    try {
      Map<String, List<String>> tags = new LinkedHashMap<>();
      Map<String, Object> raw = set.getJSONObjectClaim("Tags");
      if (raw != null) {
        for (Map.Entry<String, Object> e : raw.entrySet()) {
          List<String> values = new ArrayList<>();
          if (e.getValue() instanceof List<?> list) list.forEach(v -> values.add(String.valueOf(v)));
          else throw new TokenException("could not parse token: Tags." + e.getKey() + " is not a list of values");
          tags.put(e.getKey(), values);
        }
      }
      DataplaneTokenClaims claims = new DataplaneTokenClaims(set.getStringClaim("Name"), set.getStringClaim("Mesh"), tags,
          set.getStringClaim("Type"), set.getStringClaim("Workload"));
      return new DataplaneTokenClaims.Verified(claims, set.getJWTID(),
          set.getExpirationTime() == null ? null : set.getExpirationTime().toInstant());
    } catch (ParseException e) {
      throw new TokenException("could not parse token: " + e.getMessage());
    }
  }
}
