package dev.atrium.store.zonesync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.token.SigningKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a zone writes for global's zone-token GlobalSecrets: the public half only, under Kuma's name. */
class ZoneTokenKeysTest {

  @Test
  void aSigningKeyBecomesItsPublicHalfUnderThePublicKeyName() {
    SigningKey key = SigningKey.generate("3");
    Resource copy = ZoneTokenKeys.toZone("zone-token-signing-key-3", key.privateKeyPem().getBytes(StandardCharsets.US_ASCII))
        .orElseThrow();
    assertThat(copy.name()).isEqualTo("zone-token-signing-public-key-3");
    assertThat(copy.meta().labels()).containsEntry("kuma.io/origin", "global");
    String pem = new String(copy.specAs(SecretSpec.class).data(), StandardCharsets.US_ASCII);
    assertThat(pem).startsWith("-----BEGIN RSA PUBLIC KEY-----").doesNotContain("PRIVATE");
    assertThat(Pem.publicKey(pem)).isEqualTo(key.keys().getPublic());
  }

  @Test
  void revocationsGoAsTheyAreAndNothingElseGoes() {
    Resource copy = ZoneTokenKeys.toZone("zone-token-revocations", "a,b".getBytes(StandardCharsets.UTF_8)).orElseThrow();
    assertThat(copy.name()).isEqualTo("zone-token-revocations");
    assertThat(copy.specAs(SecretSpec.class).data()).isEqualTo("a,b".getBytes(StandardCharsets.UTF_8));
    assertThat(ZoneTokenKeys.sentToZones("zone-token-signing-key-1")).isTrue();
    assertThat(ZoneTokenKeys.sentToZones("zone-token-revocations")).isTrue();
    for (String kept : new String[] {"user-token-signing-key-1", "admin-user-token", "user-token-revocations",
        "zone-token-signing-public-key-1", "zone-token-signing-key-"}) {
      assertThat(ZoneTokenKeys.sentToZones(kept)).as(kept).isFalse();
    }
    assertThat(ZoneTokenKeys.toZone("zone-token-signing-key-1", "not a key".getBytes(StandardCharsets.US_ASCII))).isEmpty();
  }
}
