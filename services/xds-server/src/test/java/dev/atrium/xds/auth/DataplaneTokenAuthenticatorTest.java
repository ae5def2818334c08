package dev.atrium.xds.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.security.token.DataplaneTokenClaims;
import dev.atrium.security.token.DataplaneTokens;
import dev.atrium.security.token.SigningKey;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * What a proxy's ADS stream is refused for, in Kuma's words: a token for another proxy, tags it does
 * not have, a revoked or expired token, a key rotated away, a missing or repeated header.
 */
class DataplaneTokenAuthenticatorTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
  private static final SigningKey KEY_1 = SigningKey.generate("1");

  private final Map<String, Resource> secrets = new HashMap<>();
  private final DataplaneTokenAuthenticator authenticator =
      new DataplaneTokenAuthenticator((mesh, name) -> Optional.ofNullable(secrets.get(mesh + "/" + name)), NOW);

  private static final Resource WEB_1 = ResourceCodec.decode("""
      type: Dataplane
      mesh: default
      name: web-1
      networking:
        address: 127.0.0.1
        inbound:
          - port: 8080
            tags: {kuma.io/service: web, version: v1}
      """);

  DataplaneTokenAuthenticatorTest() {
    secret("default", "dataplane-token-signing-key-default-1", KEY_1.privateKeyPem());
  }

  @Test
  void aTokenForTheProxyOrItsMeshOrItsServiceAuthenticatesIt() {
    assertThatCode(() -> authenticator.authenticate(token(KEY_1, "web-1", Map.of()), WEB_1)).doesNotThrowAnyException();
    assertThatCode(() -> authenticator.authenticate(token(KEY_1, "", Map.of()), WEB_1)).doesNotThrowAnyException();
    assertThatCode(() -> authenticator.authenticate(token(KEY_1, "", Map.of("kuma.io/service", List.of("web", "api"))), WEB_1))
        .doesNotThrowAnyException();
  }

  @Test
  void anotherProxysTokenOrTagsItLacksAreRefused() {
    assertThatThrownBy(() -> authenticator.authenticate(token(KEY_1, "web-2", Map.of()), WEB_1))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("proxy name from requestor: web-1 is different than in token: web-2");
    assertThatThrownBy(() -> authenticator.authenticate(token(KEY_1, "", Map.of("kuma.io/service", List.of("db"))), WEB_1))
        .hasMessage("dataplane contains tag \"kuma.io/service\" with value \"web\" which is not allowed with this token."
            + " Allowed values in token are [\"db\"]");
  }

  @Test
  void revokedExpiredAndRotatedAwayTokensAreRefused() {
    String token = token(KEY_1, "web-1", Map.of());
    secret("default", "dataplane-token-revocations-default", "other-id," + idOf(token));
    assertThatThrownBy(() -> authenticator.authenticate(token, WEB_1)).hasMessage("token is revoked");

    String shortLived = DataplaneTokens.issue(KEY_1, new DataplaneTokenClaims("web-1", "default", Map.of(), "", ""),
        Duration.ofSeconds(2), Clock.offset(NOW, Duration.ofSeconds(-10)));
    assertThatThrownBy(() -> authenticator.authenticate(shortLived, WEB_1)).hasMessageContaining("token is expired");

    secrets.remove("default/dataplane-token-signing-key-default-1");
    secret("default", "dataplane-token-signing-key-default-2", SigningKey.generate("2").privateKeyPem());
    assertThatThrownBy(() -> authenticator.authenticate(token(KEY_1, "web-1", Map.of()), WEB_1))
        .hasMessage("there is no signing key with KID 1. Secret of name \"dataplane-token-signing-key-default-1\" in mesh"
            + " \"default\" is not found. If signing key was rotated, regenerate the token");
  }

  @Test
  void refusalsAreUnauthenticatedWithKumasPrefixAndCounted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProxyAuthentication check = new ProxyAuthentication(authenticator, registry);

    Optional<Status> none = check.check(AuthorizationMetadata.Presented.of(List.of()), WEB_1);
    assertThat(none).hasValueSatisfying(s -> {
      assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(s.getDescription()).isEqualTo("authentication failed: request must have exactly 1 \"authorization\" header, got 0");
    });
    assertThat(check.check(AuthorizationMetadata.Presented.of(List.of("a", "b")), WEB_1).orElseThrow().getDescription())
        .endsWith("got 2");
    assertThat(check.check(AuthorizationMetadata.Presented.of(List.of("garbage")), WEB_1).orElseThrow().getDescription())
        .isEqualTo("authentication failed: could not parse token: token is malformed");
    assertThat(check.check(AuthorizationMetadata.Presented.of(List.of("Bearer " + token(KEY_1, "web-1", Map.of()))), WEB_1))
        .as("grpc-java clients send Bearer tokens").isEmpty();
    assertThat(check.check(AuthorizationMetadata.Presented.of(List.of(token(KEY_1, "web-2", Map.of()))), WEB_1)).isPresent();

    assertThat(registry.get("atrium.xds.auth.refusals").tag("reason", "missing").counter().count()).isEqualTo(2);
    assertThat(registry.get("atrium.xds.auth.refusals").tag("reason", "invalid").counter().count()).isEqualTo(1);
    assertThat(registry.get("atrium.xds.auth.refusals").tag("reason", "mismatch").counter().count()).isEqualTo(1);
    assertThat(new ProxyAuthentication(new NoAuthentication(), registry).check(AuthorizationMetadata.Presented.of(List.of()), WEB_1))
        .isEmpty();
  }

  @Test
  void theAuthTypeIsChosenByName() {
    assertThat(ProxyAuthenticators.forType("dpToken", new dev.atrium.follow.ResourceIndex()))
        .isInstanceOf(DataplaneTokenAuthenticator.class);
    assertThat(ProxyAuthenticators.forType("none", new dev.atrium.follow.ResourceIndex())).isInstanceOf(NoAuthentication.class);
    assertThatThrownBy(() -> ProxyAuthenticators.forType("tokens", new dev.atrium.follow.ResourceIndex()))
        .hasMessageContaining("\"tokens\" is not one of dpToken, serviceAccountToken, none");
    assertThat(ProxyAuthenticators.requiresCredential("none")).isFalse();
    assertThat(ProxyAuthenticators.requiresCredential("dpToken")).isTrue();
  }

  private static String token(SigningKey key, String name, Map<String, List<String>> tags) {
    return DataplaneTokens.issue(key, new DataplaneTokenClaims(name, "default", tags, "", ""), Duration.ofHours(1), NOW);
  }

  private void secret(String mesh, String name, String data) {
    secrets.put(mesh + "/" + name, new Resource(ResourceKind.SECRET, ResourceMeta.of(mesh, name),
        new SecretSpec(data.getBytes(StandardCharsets.UTF_8))));
  }

  private static String idOf(String token) {
    String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    int at = payload.indexOf("\"jti\":\"") + 7;
    return payload.substring(at, payload.indexOf('"', at));
  }
}
