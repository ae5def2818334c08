package dev.atrium.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Global checks a zone control plane's token with its own signing key (the private GlobalSecret's public
 * half) and asks for scope {@code cp}; a zone token for a proxy is refused in Kuma's words.
 */
class ZoneTokenVerifierTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);
  private static final SigningKey KEY = SigningKey.generate("1");

  private final Map<String, ZoneTokenVerifier.Stored> secrets = new HashMap<>();
  private final ZoneTokenVerifier onGlobal = new ZoneTokenVerifier(name -> Optional.ofNullable(secrets.get(name)), NOW, true);

  private void put(String name, String data) {
    secrets.put(name, new ZoneTokenVerifier.Stored(data.getBytes(StandardCharsets.US_ASCII), secrets.size() + 1L));
  }

  private static String token(SigningKey key, List<String> scope) {
    return ZoneTokens.issue(key, new ZoneTokenClaims("zone-1", scope), Duration.ofHours(1), NOW);
  }

  @Test
  void globalVerifiesACpTokenWithItsSigningKey() throws TokenException {
    put("zone-token-signing-key-1", KEY.privateKeyPem());
    ZoneTokenClaims claims = onGlobal.verify(token(KEY, List.of("cp"))).claims();
    assertThat(claims.zone()).isEqualTo("zone-1");
    assertThat(claims.outOfScope(ZoneTokenClaims.CP)).isNull();
  }

  @Test
  void anIngressTokenIsOutOfTheCpScope() throws TokenException {
    put("zone-token-signing-key-1", KEY.privateKeyPem());
    ZoneTokenClaims claims = onGlobal.verify(token(KEY, List.of("ingress"))).claims();
    assertThat(claims.outOfScope(ZoneTokenClaims.CP))
        .isEqualTo("token cannot be used to authenticate zone entity (cp is out of token's scope: [ingress])");
  }

  @Test
  void aTokenOfAnUnknownKeyNamesTheSecretGlobalWouldHold() {
    put("zone-token-signing-key-1", KEY.privateKeyPem());
    String other = token(SigningKey.generate("2"), List.of("cp"));
    assertThatThrownBy(() -> onGlobal.verify(other)).isInstanceOf(TokenException.class)
        .hasMessageContaining("GlobalSecret of name \"zone-token-signing-key-2\" is not found");
    ZoneTokenVerifier onZone = new ZoneTokenVerifier(name -> Optional.ofNullable(secrets.get(name)), NOW, false);
    assertThatThrownBy(() -> onZone.verify(other)).hasMessageContaining("\"zone-token-signing-public-key-2\"");
  }

  @Test
  void aRevokedTokenIsRefused() {
    put("zone-token-signing-key-1", KEY.privateKeyPem());
    String t = token(KEY, List.of("cp"));
    String id;
    try {
      id = onGlobal.verify(t).id();
    } catch (TokenException e) {
      throw new AssertionError(e);
    }
    put("zone-token-revocations", id);
    assertThatThrownBy(() -> onGlobal.verify(t)).isInstanceOf(TokenException.class);
  }
}
