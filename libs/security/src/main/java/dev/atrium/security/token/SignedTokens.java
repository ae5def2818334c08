package dev.atrium.security.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Kuma's signed tokens: JWS RS256 with the signing key's {@code kid} in the header, custom claims
 * beside {@code jti}, {@code iat}, {@code nbf} and {@code exp}. Issued 5 s in the past (Kuma's leeway
 * for a verifier whose clock is behind). Verification fails with Kuma's messages and never echoes the
 * token.
 */
public final class SignedTokens {
  static final Duration ISSUED_LEEWAY = Duration.ofSeconds(5);

  private SignedTokens() {}

  public static String sign(SigningKey key, Map<String, Object> claims, Duration validFor, Clock clock) {
    Instant issued = clock.instant().minus(ISSUED_LEEWAY);
    JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(issued))
        .notBeforeTime(Date.from(issued))
        .expirationTime(Date.from(issued.plus(validFor).plus(ISSUED_LEEWAY)));
    claims.forEach(set::claim);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid()).type(JOSEObjectType.JWT).build(),
        set.build());
    try {
      jwt.sign(new RSASSASigner(key.keys().getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign a token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  /** The verified claims: signature by a known key, within its validity, not revoked. */
  public static JWTClaimsSet verify(String token, SigningKeyLookup keys, Set<String> revokedIds, Clock clock) throws TokenException {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token.strip());
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      throw new TokenException("could not parse token: token is malformed");
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!JWSAlgorithm.RS256.equals(alg)) {
      throw new TokenException("could not parse token: unsupported token alg " + alg + ". Allowed algorithms are RS256");
    }
    String kid = jwt.getHeader().getKeyID();
    if (kid == null) throw new TokenException("could not parse token: JWT token must have kid header");
    Optional<PublicKey> key = keys.publicKey(kid);
    if (key.isEmpty()) throw new TokenException(keys.notFoundMessage(kid));
    if (!(key.get() instanceof RSAPublicKey rsa)) throw new TokenException(keys.notFoundMessage(kid));
    try {
      if (!jwt.verify(new RSASSAVerifier(rsa))) throw new TokenException("could not parse token: token signature is invalid");
    } catch (JOSEException e) {
      throw new TokenException("could not parse token: token signature is invalid");
    }
    Instant now = clock.instant();
    if (claims.getExpirationTime() != null && !now.isBefore(claims.getExpirationTime().toInstant())) {
      throw new TokenException("could not parse token: token has invalid claims: token is expired");
    }
    if (claims.getNotBeforeTime() != null && now.isBefore(claims.getNotBeforeTime().toInstant())) {
      throw new TokenException("token is not yet valid: 'valid_from' date is in the future. Check if the system clock on the"
          + " instance that issued the token is set correctly");
    }
    if (claims.getJWTID() != null && revokedIds.contains(claims.getJWTID())) throw new TokenException("token is revoked");
    return claims;
  }
}
