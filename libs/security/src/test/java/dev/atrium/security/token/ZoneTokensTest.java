package dev.atrium.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.security.pem.Pem;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ZoneTokensTest {
  private static final SigningKey KEY = SigningKey.generate("1");
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);

  /** A zone's view: only the public half, read back from the PEM global sends. */
  private static SigningKeyLookup zoneLookup(SigningKey key) {
    PublicKey pub = Pem.publicKey(key.publicKeyPem());
    return new SigningKeyLookup() {
      @Override
      public Optional<PublicKey> publicKey(String kid) {
        return kid.equals(key.kid()) ? Optional.of(pub) : Optional.empty();
      }

      @Override
      public String notFoundMessage(String kid) {
        return "there is no signing key with KID " + kid + ". GlobalSecret of name \""
            + TokenSecrets.zoneSigningPublicKey(kid) + "\" is not found. If signing key was rotated, regenerate the token";
      }
    };
  }

  private static String part(String token, int i) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[i]));
  }

  @Test
  void aTokenCarriesKumasClaimsAndVerifiesWithThePublicHalfAlone() throws Exception {
    String token = ZoneTokens.issue(KEY, new ZoneTokenClaims("zone-2", List.of("ingress")), Duration.ofHours(24), NOW);
    assertThat(part(token, 0)).contains("\"kid\":\"1\"", "\"alg\":\"RS256\"");
    assertThat(part(token, 1)).contains("\"Zone\":\"zone-2\"", "\"Scope\":[\"ingress\"]", "\"jti\"", "\"iat\"", "\"nbf\"", "\"exp\"");

    String publicPem = KEY.publicKeyPem();
    assertThat(publicPem).startsWith("-----BEGIN RSA PUBLIC KEY-----").doesNotContain("PRIVATE");
    ZoneTokenClaims.Verified v = ZoneTokens.verify(token, zoneLookup(KEY), Set.of(), NOW);
    assertThat(v.claims()).isEqualTo(new ZoneTokenClaims("zone-2", List.of("ingress")));
    // Issued 5 s in the past, valid for 24 h plus those 5 s (Kuma's leeway).
    assertThat(v.expiresAt()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
    assertThat(v.claims().mismatch("zone-2", ZoneTokenClaims.INGRESS)).isNull();
  }

  @Test
  void tamperedExpiredRevokedAndUnknownKeyTokensAreRefused() {
    String token = ZoneTokens.issue(KEY, new ZoneTokenClaims("zone-2", List.of("ingress")), Duration.ofHours(1), NOW);
    String[] parts = token.split("\\.");
    String otherZone = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(part(token, 1).replace("zone-2", "zone-9").getBytes());
    String tampered = parts[0] + "." + otherZone + "." + parts[2];
    assertThatThrownBy(() -> ZoneTokens.verify(tampered, zoneLookup(KEY), Set.of(), NOW))
        .isInstanceOf(TokenException.class).hasMessage("could not parse token: token signature is invalid");
    assertThatThrownBy(() -> ZoneTokens.verify(token, zoneLookup(SigningKey.generate("1")), Set.of(), NOW))
        .hasMessage("could not parse token: token signature is invalid");
    assertThatThrownBy(() -> ZoneTokens.verify(token, zoneLookup(KEY), Set.of(), Clock.offset(NOW, Duration.ofHours(2))))
        .hasMessage("could not parse token: token has invalid claims: token is expired");
    assertThatThrownBy(() -> ZoneTokens.verify(token, zoneLookup(SigningKey.generate("2")), Set.of(), NOW))
        .hasMessage("there is no signing key with KID 1. GlobalSecret of name \"zone-token-signing-public-key-1\" is not"
            + " found. If signing key was rotated, regenerate the token");
    String jti = idOf(token);
    assertThatThrownBy(() -> ZoneTokens.verify(token, zoneLookup(KEY), Set.of(jti), NOW)).hasMessage("token is revoked");
    assertThatThrownBy(() -> ZoneTokens.verify("not.a.token", zoneLookup(KEY), Set.of(), NOW))
        .hasMessage("could not parse token: token is malformed");
  }

  @Test
  void aDataplaneTokenIsNoZoneTokenAndScopeAndZoneMustFit() throws Exception {
    String dpToken = DataplaneTokens.issue(KEY, new DataplaneTokenClaims("dp-1", "default", null, "", ""), Duration.ofHours(1), NOW);
    ZoneTokenClaims fromDp = ZoneTokens.verify(dpToken, zoneLookup(KEY), Set.of(), NOW).claims();
    assertThat(fromDp.mismatch("zone-2", ZoneTokenClaims.INGRESS))
        .isEqualTo("token cannot be used to authenticate zone entity (ingress is out of token's scope: [])");

    ZoneTokenClaims egress = new ZoneTokenClaims("zone-2", List.of("egress", "cp"));
    assertThat(egress.mismatch("zone-2", ZoneTokenClaims.INGRESS))
        .isEqualTo("token cannot be used to authenticate zone entity (ingress is out of token's scope: [egress cp])");
    ZoneTokenClaims ingress = new ZoneTokenClaims("zone-1", List.of("ingress", "egress"));
    assertThat(ingress.mismatch("zone-2", ZoneTokenClaims.INGRESS))
        .isEqualTo("zone from requestor: zone-2 is different than in token: zone-1");
    assertThat(new ZoneTokenClaims("", List.of("ingress")).mismatch("zone-2", ZoneTokenClaims.INGRESS))
        .isEqualTo("zone from requestor: zone-2 is different than in token: ");
  }

  private static String idOf(String token) {
    try {
      return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }
}
