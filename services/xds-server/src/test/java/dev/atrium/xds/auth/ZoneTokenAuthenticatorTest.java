package dev.atrium.xds.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.security.token.DataplaneTokenClaims;
import dev.atrium.security.token.DataplaneTokens;
import dev.atrium.security.token.SigningKey;
import dev.atrium.security.token.ZoneTokenClaims;
import dev.atrium.security.token.ZoneTokens;
import dev.atrium.security.token.ZoneTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A ZoneIngress's zone token, checked with real RSA keys as a zone holds them (the public half global's
 * sync wrote) and as a standalone control plane does (the signing key itself), refused in Kuma's words.
 */
class ZoneTokenAuthenticatorTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
  private static final SigningKey GLOBAL_KEY = SigningKey.generate("1");

  private final Map<String, ZoneTokenVerifier.Stored> secrets = new HashMap<>();
  private final ZoneTokenAuthenticator zone2 = new ZoneTokenAuthenticator(name -> Optional.ofNullable(secrets.get(name)), "zone-2", NOW);

  private void put(String name, String data) {
    secrets.put(name, new ZoneTokenVerifier.Stored(data.getBytes(StandardCharsets.US_ASCII), secrets.size() + 1L));
  }

  private static String token(String zone, List<String> scope) {
    return ZoneTokens.issue(GLOBAL_KEY, new ZoneTokenClaims(zone, scope), Duration.ofHours(24), NOW);
  }

  @Test
  void aZoneVerifiesGlobalsTokenWithThePublicKeyAlone() {
    put("zone-token-signing-public-key-1", GLOBAL_KEY.publicKeyPem());
    assertThatCode(() -> zone2.authenticate(token("zone-2", List.of("ingress")), "ingress-1")).doesNotThrowAnyException();
    assertThatCode(() -> zone2.authenticate(token("zone-2", List.of("ingress", "egress")), "any-ingress"))
        .doesNotThrowAnyException();
  }

  @Test
  void aStandaloneControlPlaneVerifiesWithItsSigningKey() {
    put("zone-token-signing-key-1", GLOBAL_KEY.privateKeyPem());
    ZoneTokenAuthenticator standalone = new ZoneTokenAuthenticator(name -> Optional.ofNullable(secrets.get(name)), "default", NOW);
    assertThatCode(() -> standalone.authenticate(token("default", List.of("ingress")), "ingress")).doesNotThrowAnyException();
  }

  @Test
  void wrongScopeOtherZoneAndDataplaneTokensAreRefused() {
    put("zone-token-signing-public-key-1", GLOBAL_KEY.publicKeyPem());
    assertThatThrownBy(() -> zone2.authenticate(token("zone-2", List.of("egress")), "ingress-1"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("token cannot be used to authenticate zone entity (ingress is out of token's scope: [egress])");
    assertThatThrownBy(() -> zone2.authenticate(token("zone-1", List.of("ingress")), "ingress-1"))
        .hasMessage("zone from requestor: zone-2 is different than in token: zone-1");
    // A dataplane token signed by the same key is no zone token: it has no Scope.
    String dpToken = DataplaneTokens.issue(GLOBAL_KEY, new DataplaneTokenClaims("ingress-1", "default", null, "ingress", ""),
        Duration.ofHours(1), NOW);
    assertThatThrownBy(() -> zone2.authenticate(dpToken, "ingress-1"))
        .hasMessage("token cannot be used to authenticate zone entity (ingress is out of token's scope: [])");
  }

  @Test
  void zoneRefusalsCountInTheRefusalMetricsCategories() {
    org.assertj.core.api.Assertions.assertThat(ProxyAuthentication.category(
        "token cannot be used to authenticate zone entity (ingress is out of token's scope: [egress])")).isEqualTo("mismatch");
    org.assertj.core.api.Assertions.assertThat(ProxyAuthentication.category(
        "zone from requestor: zone-2 is different than in token: zone-1")).isEqualTo("mismatch");
    org.assertj.core.api.Assertions.assertThat(ProxyAuthentication.category("there is no signing key with KID 2. GlobalSecret of name"
        + " \"zone-token-signing-public-key-2\" is not found. If signing key was rotated, regenerate the token")).isEqualTo("unknown_key");
  }

  @Test
  void expiredTamperedForeignRevokedAndUnknownKeyTokensAreRefused() throws Exception {
    put("zone-token-signing-public-key-1", GLOBAL_KEY.publicKeyPem());
    String good = token("zone-2", List.of("ingress"));
    ZoneTokenAuthenticator tomorrow = new ZoneTokenAuthenticator(name -> Optional.ofNullable(secrets.get(name)), "zone-2",
        Clock.offset(NOW, Duration.ofHours(25)));
    assertThatThrownBy(() -> tomorrow.authenticate(good, "ingress-1"))
        .hasMessage("could not parse token: token has invalid claims: token is expired");

    String foreign = ZoneTokens.issue(SigningKey.generate("1"), new ZoneTokenClaims("zone-2", List.of("ingress")),
        Duration.ofHours(1), NOW);
    assertThatThrownBy(() -> zone2.authenticate(foreign, "ingress-1")).hasMessage("could not parse token: token signature is invalid");

    String[] parts = good.split("\\.");
    String flipped = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A") + parts[2].substring(1);
    assertThatThrownBy(() -> zone2.authenticate(flipped, "ingress-1")).isInstanceOf(AuthenticationException.class);

    String jti = com.nimbusds.jwt.SignedJWT.parse(good).getJWTClaimsSet().getJWTID();
    put("zone-token-revocations", "other-id," + jti);
    assertThatThrownBy(() -> zone2.authenticate(good, "ingress-1")).hasMessage("token is revoked");

    String rotated = ZoneTokens.issue(SigningKey.generate("2"), new ZoneTokenClaims("zone-2", List.of("ingress")),
        Duration.ofHours(1), NOW);
    assertThatThrownBy(() -> zone2.authenticate(rotated, "ingress-1"))
        .hasMessage("there is no signing key with KID 2. GlobalSecret of name \"zone-token-signing-public-key-2\" is not found."
            + " If signing key was rotated, regenerate the token");
    assertThatThrownBy(() -> zone2.authenticate("", "ingress-1")).hasMessage("could not parse token: token is malformed");
  }
}
