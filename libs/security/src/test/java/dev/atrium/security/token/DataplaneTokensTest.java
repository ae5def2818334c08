package dev.atrium.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataplaneTokensTest {
  private static final SigningKey KEY = SigningKey.generate("1");
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
  private static final SigningKeyLookup KEYS = lookup(KEY);

  static SigningKeyLookup lookup(SigningKey... keys) {
    return new SigningKeyLookup() {
      @Override
      public Optional<PublicKey> publicKey(String kid) {
        for (SigningKey k : keys) if (k.kid().equals(kid)) return Optional.of(k.keys().getPublic());
        return Optional.empty();
      }

      @Override
      public String notFoundMessage(String kid) {
        return "there is no signing key with KID " + kid;
      }
    };
  }

  @Test
  void aTokenCarriesKumasClaimNamesAndVerifiesBackToThem() throws Exception {
    DataplaneTokenClaims claims = new DataplaneTokenClaims("dp-1", "default", Map.of("kuma.io/service", List.of("web")), "dataplane", "");
    String token = DataplaneTokens.issue(KEY, claims, Duration.ofHours(1), NOW);
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertThat(payload).contains("\"Name\":\"dp-1\"", "\"Mesh\":\"default\"", "\"Tags\":{\"kuma.io/service\":[\"web\"]}", "\"jti\"");
    assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]))).contains("\"kid\":\"1\"", "\"alg\":\"RS256\"");

    DataplaneTokenClaims.Verified verified = DataplaneTokens.verify(token, KEYS, Set.of(), NOW);
    assertThat(verified.claims()).isEqualTo(claims);
    assertThat(verified.expiresAt()).isEqualTo(Instant.parse("2026-12-05T11:00:00Z"));
  }

  @Test
  void forgedExpiredRevokedAndUnknownKeyTokensAreRefusedWithKumasWords() {
    String token = DataplaneTokens.issue(KEY, new DataplaneTokenClaims("dp-1", "default", Map.of(), "", ""), Duration.ofSeconds(2), NOW);
    assertThatThrownBy(() -> DataplaneTokens.verify(token, lookup(SigningKey.generate("1")), Set.of(), NOW))
        .hasMessage("could not parse token: token signature is invalid");
    assertThatThrownBy(() -> DataplaneTokens.verify(token, KEYS, Set.of(), Clock.offset(NOW, Duration.ofSeconds(3))))
        .hasMessage("could not parse token: token has invalid claims: token is expired");
    assertThatThrownBy(() -> DataplaneTokens.verify(token, lookup(SigningKey.generate("2")), Set.of(), NOW))
        .hasMessage("there is no signing key with KID 1");
    String jti = token.isEmpty() ? "" : idOf(token);
    assertThatThrownBy(() -> DataplaneTokens.verify(token, KEYS, Set.of(jti), NOW)).hasMessage("token is revoked");
    assertThatThrownBy(() -> DataplaneTokens.verify("garbage", KEYS, Set.of(), NOW)).hasMessage("could not parse token: token is malformed");
    String tampered = token.substring(0, token.lastIndexOf('.') - 2) + "xx" + token.substring(token.lastIndexOf('.'));
    assertThatThrownBy(() -> DataplaneTokens.verify(tampered, KEYS, Set.of(), NOW)).isInstanceOf(TokenException.class);
  }

  @Test
  void claimsMustMatchTheProxy() {
    DataplaneTokenClaims claims = new DataplaneTokenClaims("dp-1", "default", Map.of("kuma.io/service", List.of("web", "web-api")), "dataplane", "");
    Map<String, Set<String>> web = Map.of("kuma.io/service", Set.of("web"));
    assertThat(claims.mismatch("dp-1", "default", web, "dataplane", null)).isNull();
    assertThat(claims.mismatch("dp-2", "default", web, "dataplane", null))
        .isEqualTo("proxy name from requestor: dp-2 is different than in token: dp-1");
    assertThat(claims.mismatch("dp-1", "other", web, "dataplane", null))
        .isEqualTo("proxy mesh from requestor: other is different than in token: default");
    assertThat(claims.mismatch("dp-1", "default", Map.of(), "dataplane", null))
        .isEqualTo("dataplane has no tag \"kuma.io/service\" required by the token");
    assertThat(claims.mismatch("dp-1", "default", Map.of("kuma.io/service", Set.of("db")), "dataplane", null))
        .isEqualTo("dataplane contains tag \"kuma.io/service\" with value \"db\" which is not allowed with this token."
            + " Allowed values in token are [\"web\" \"web-api\"]");
    assertThat(claims.mismatch("dp-1", "default", web, "ingress", null))
        .isEqualTo("proxy type from requestor: ingress is different than in token: dataplane");
  }

  private static String idOf(String token) {
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    int at = payload.indexOf("\"jti\":\"") + 7;
    return payload.substring(at, payload.indexOf('"', at));
  }
}
