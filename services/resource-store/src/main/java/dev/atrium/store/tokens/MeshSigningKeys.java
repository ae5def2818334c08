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
 * Each mesh's dataplane-token signing keys, kept as Kuma keeps them: mesh Secrets
 * {@code dataplane-token-signing-key-<mesh>-<kid>} holding the PEM RSA-2048 private key. A mesh gets
 * kid 1 when it is created (and at start-up when it has none); the highest kid signs, so an operator
 * rotates by adding {@code …-2} and later deleting {@code …-1}. The keys leave this class only as
 * signatures: nothing here logs or returns key material.
 */
public final class MeshSigningKeys {
  /** What the store offers this class: the Secrets of a mesh, and creating one that must not exist yet. */
  public interface Secrets {
    List<Resource> inMesh(String mesh);

    /** Creates {@code secret}; returns false when one of that name exists already (e.g. another replica's). */
    boolean createIfAbsent(Resource secret);
  }

  /** The mesh has no signing key: Kuma's 404 "Signing Key not found" with this message. */
  public static final class NoSigningKey extends RuntimeException {
    NoSigningKey(String mesh) {
      super("there is no signing key with KID " + TokenSecrets.DEFAULT_KID + ". Secret of name \""
          + TokenSecrets.dataplaneSigningKey(mesh, TokenSecrets.DEFAULT_KID) + "\" in mesh \"" + mesh
          + "\" is not found. If signing key was rotated, regenerate the token");
    }
  }

  private final Secrets secrets;

  public MeshSigningKeys(Secrets secrets) {
    this.secrets = secrets;
  }

  /** Gives {@code mesh} its first signing key unless it has one; returns whether a key was created. */
  public boolean ensure(String mesh) {
    if (latestSecret(mesh).isPresent()) return false;
    SigningKey key = SigningKey.generate(TokenSecrets.DEFAULT_KID);
    byte[] pem = key.privateKeyPem().getBytes(StandardCharsets.US_ASCII);
    Resource secret = new Resource(ResourceKind.SECRET,
        ResourceMeta.of(mesh, TokenSecrets.dataplaneSigningKey(mesh, TokenSecrets.DEFAULT_KID)), new SecretSpec(pem));
    return secrets.createIfAbsent(secret);
  }

  /** The key that signs new tokens of {@code mesh}: the one with the highest kid. */
  public SigningKey latest(String mesh) {
    Resource secret = latestSecret(mesh).orElseThrow(() -> new NoSigningKey(mesh));
    String kid = TokenSecrets.kidOf(TokenSecrets.dataplaneSigningKeyPrefix(mesh), secret.name()).orElseThrow();
    return SigningKey.fromPem(kid, new String(secret.specAs(SecretSpec.class).data(), StandardCharsets.US_ASCII));
  }

  private Optional<Resource> latestSecret(String mesh) {
    String prefix = TokenSecrets.dataplaneSigningKeyPrefix(mesh);
    return secrets.inMesh(mesh).stream()
        .filter(s -> TokenSecrets.kidOf(prefix, s.name()).isPresent())
        .max(Comparator.comparing(s -> TokenSecrets.kidOf(prefix, s.name()).orElseThrow(), TokenSecrets::compareKids));
  }
}
