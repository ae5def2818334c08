package dev.atrium.store.tokens;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.security.token.SigningKey;
import dev.atrium.security.token.TokenSecrets;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The zone-token signing keys, kept as Kuma keeps them: GlobalSecrets
 * {@code zone-token-signing-key-<serial>} holding a PEM RSA-2048 private key, made once on global and
 * on a standalone control plane (never on a zone connected to a global: zones get only the public half,
 * {@code zonesync.ZoneTokenKeys}). The highest serial signs; an operator rotates by adding
 * {@code …-2} and later deleting {@code …-1}. Nothing here logs or returns key material except as a
 * signature.
 */
public final class ZoneSigningKeys {
  /** What the store offers this class: its GlobalSecrets, and creating one that must not exist yet. */
  public interface GlobalSecrets {
    List<Resource> all();

    /** Creates {@code secret}; false when one of that name exists already (another replica's). */
    boolean createIfAbsent(Resource secret);
  }

  /** No zone-token signing key here (a zone, or the key was deleted): Kuma's 404 "Signing Key not found". */
  public static final class NoSigningKey extends RuntimeException {
    NoSigningKey() {
      super("there is no signing key with KID " + TokenSecrets.DEFAULT_KID + ". GlobalSecret of name \""
          + TokenSecrets.zoneSigningKey(TokenSecrets.DEFAULT_KID) + "\" is not found. If signing key was rotated,"
          + " regenerate the token");
    }
  }

  private final GlobalSecrets secrets;

  public ZoneSigningKeys(GlobalSecrets secrets) {
    this.secrets = secrets;
  }

  /** Backed by the store's service (blocking: call from worker threads). */
  public static ZoneSigningKeys of(dev.atrium.store.service.ResourceService service) {
    return new ZoneSigningKeys(new GlobalSecrets() {
      @Override
      public List<Resource> all() {
        return service.list(ResourceKind.GLOBAL_SECRET, null);
      }

      @Override
      public boolean createIfAbsent(Resource secret) {
        try {
          service.put(secret, dev.atrium.store.backend.StoreBackend.MUST_NOT_EXIST);
          return true;
        } catch (dev.atrium.store.backend.VersionConflictException raced) {
          return false; // another replica wrote it first: its key is the one
        }
      }
    });
  }

  /** Creates {@code zone-token-signing-key-1} unless a zone-token signing key exists; returns whether it did. */
  public boolean ensure() {
    if (latestSecret().isPresent()) return false;
    SigningKey key = SigningKey.generate(TokenSecrets.DEFAULT_KID);
    Resource secret = new Resource(ResourceKind.GLOBAL_SECRET,
        ResourceMeta.of(null, TokenSecrets.zoneSigningKey(key.kid())),
        new SecretSpec(key.privateKeyPem().getBytes(StandardCharsets.US_ASCII)));
    return secrets.createIfAbsent(secret);
  }

  /** The key that signs new zone tokens: the one with the highest serial. */
  public SigningKey latest() {
    Resource secret = latestSecret().orElseThrow(NoSigningKey::new);
    String kid = TokenSecrets.kidOf(TokenSecrets.ZONE_TOKEN_SIGNING_KEY_PREFIX, secret.name()).orElseThrow();
    return SigningKey.fromPem(kid, new String(secret.specAs(SecretSpec.class).data(), StandardCharsets.US_ASCII));
  }

  private Optional<Resource> latestSecret() {
    String prefix = TokenSecrets.ZONE_TOKEN_SIGNING_KEY_PREFIX;
    return secrets.all().stream()
        .filter(s -> TokenSecrets.kidOf(prefix, s.name()).isPresent())
        .max(Comparator.comparing(s -> TokenSecrets.kidOf(prefix, s.name()).orElseThrow(), TokenSecrets::compareKids));
  }
}
