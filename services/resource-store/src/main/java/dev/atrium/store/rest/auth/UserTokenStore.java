package dev.atrium.store.rest.auth;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.security.token.SigningKey;
import dev.atrium.security.token.SigningKeyLookup;
import dev.atrium.security.token.TokenException;
import dev.atrium.security.token.TokenSecrets;
import dev.atrium.security.token.UserTokens;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoredResource;
import dev.atrium.store.backend.VersionConflictException;
import dev.atrium.store.service.ResourceService;
import dev.atrium.store.service.StoredResources;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * User tokens backed by the store's GlobalSecrets, as Kuma keeps them: signing keys
 * {@code user-token-signing-key-<kid>} (the highest kid signs, every present one verifies), the admin's
 * token {@code admin-user-token}, revoked ids in {@code user-token-revocations}. Reads go to the store on
 * every check, so a revocation or a deleted key written through any replica counts at once; parsed keys
 * are cached by the secret's version. Blocking: call from worker threads.
 */
@ApplicationScoped
public class UserTokenStore implements SigningKeyLookup {
  /** Kids a token may name: anything else cannot be a Secret's name suffix and is not looked up. */
  private static final Pattern KID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  static final Duration ADMIN_TOKEN_VALIDITY = Duration.ofDays(365L * 10);

  private final StoreBackend backend;
  private final ResourceService service;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(long version, SigningKey key) {}

  /** The store could not be read while checking a token. */
  static final class StoreUnavailable extends RuntimeException {
    StoreUnavailable(RuntimeException cause) {
      super("could not read the token signing keys or revocations from the store: " + cause.getMessage(), cause);
    }
  }

  public UserTokenStore(StoreBackend backend, ResourceService service) {
    this.backend = backend;
    this.service = service;
  }

  /** The user a token names, or why it does not authenticate anyone (Kuma's words, never the token). */
  public ApiUser verify(String token) throws TokenException {
    UserTokens.User u;
    try {
      u = UserTokens.verify(token, this, revokedIds(), clock);
    } catch (StoreUnavailable e) {
      throw e; // the store failed, not the token: a 500, never a 401 that blames the caller
    } catch (RuntimeException | StackOverflowError e) {
      // A token is attacker input: whatever the parser trips over is a bad token, not a server error.
      throw new TokenException("could not parse token: token is malformed");
    }
    return new ApiUser(u.name(), u.groups()).authenticated();
  }

  /** A new token signed by the newest key. */
  public String issue(String name, List<String> groups, Duration validFor) {
    return UserTokens.issue(newestKey(), name, groups, validFor, clock);
  }

  /**
   * First start: a signing key and the admin's token, unless present. Several replicas may start at once:
   * a conflict means another one wrote it first, and its key is then the one to sign the admin token with.
   */
  public void bootstrap() {
    if (globalSecret(TokenSecrets.userSigningKey(TokenSecrets.DEFAULT_KID)).isEmpty() && signingKeys().isEmpty()) {
      SigningKey key = SigningKey.generate(TokenSecrets.DEFAULT_KID);
      create(TokenSecrets.userSigningKey(key.kid()), key.privateKeyPem());
    }
    if (globalSecret(TokenSecrets.ADMIN_USER_TOKEN).isEmpty()) {
      create(TokenSecrets.ADMIN_USER_TOKEN, issue(UserTokens.ADMIN, List.of(UserTokens.ADMIN), ADMIN_TOKEN_VALIDITY));
    }
  }

  @Override
  public Optional<PublicKey> publicKey(String kid) {
    if (kid == null || !KID.matcher(kid).matches()) return Optional.empty();
    return signingKey(TokenSecrets.userSigningKey(kid), kid).map(k -> k.keys().getPublic());
  }

  @Override
  public String notFoundMessage(String kid) {
    if (kid == null || !KID.matcher(kid).matches()) return "could not parse token: the token's kid names no signing key";
    return "there is no signing key with KID " + kid + ". GlobalSecret of name "
        + GoQuote.quote(TokenSecrets.userSigningKey(kid)) + " is not found. If signing key was rotated, regenerate the token";
  }

  private SigningKey newestKey() {
    return signingKeys().stream()
        .max((a, b) -> TokenSecrets.compareKids(a.key().kid(), b.key().kid()))
        .map(Parsed::key)
        .orElseThrow(() -> new IllegalStateException("there is no user-token signing key (GlobalSecret "
            + TokenSecrets.userSigningKey(TokenSecrets.DEFAULT_KID) + "); restart the store to create one"));
  }

  private List<Parsed> signingKeys() {
    return backend.list(ResourceKind.GLOBAL_SECRET.typeName(), null).stream()
        .filter(s -> TokenSecrets.kidOf(TokenSecrets.USER_TOKEN_SIGNING_KEY_PREFIX, s.key().name()).isPresent())
        .map(s -> parse(s, TokenSecrets.kidOf(TokenSecrets.USER_TOKEN_SIGNING_KEY_PREFIX, s.key().name()).get()))
        .toList();
  }

  private Optional<SigningKey> signingKey(String secretName, String kid) {
    Optional<StoredResource> stored;
    try {
      stored = backend.get(StoredResources.keyOf(ResourceKind.GLOBAL_SECRET, null, secretName));
    } catch (RuntimeException e) {
      throw new StoreUnavailable(e);
    }
    return stored.map(s -> parse(s, kid).key());
  }

  private Parsed parse(StoredResource s, String kid) {
    Parsed cached = parsed.get(s.key().name());
    if (cached != null && cached.version() == s.version()) return cached;
    Parsed fresh = new Parsed(s.version(), SigningKey.fromPem(kid, new String(data(s), StandardCharsets.UTF_8)));
    parsed.put(s.key().name(), fresh);
    return fresh;
  }

  private Set<String> revokedIds() {
    Optional<StoredResource> stored;
    try {
      stored = globalSecret(TokenSecrets.USER_TOKEN_REVOCATIONS);
    } catch (RuntimeException e) {
      throw new StoreUnavailable(e);
    }
    return stored.map(s -> TokenSecrets.revokedIds(new String(data(s), StandardCharsets.UTF_8))).orElse(Set.of());
  }

  private Optional<StoredResource> globalSecret(String name) {
    return backend.get(StoredResources.keyOf(ResourceKind.GLOBAL_SECRET, null, name));
  }

  private static byte[] data(StoredResource s) {
    byte[] data = ((SecretSpec) StoredResources.toResource(s).spec()).data();
    return data == null ? new byte[0] : data;
  }

  private void create(String name, String value) {
    Resource secret = new Resource(ResourceKind.GLOBAL_SECRET, ResourceMeta.of(null, name),
        new SecretSpec(value.getBytes(StandardCharsets.UTF_8)));
    try {
      service.put(secret, StoreBackend.MUST_NOT_EXIST);
    } catch (VersionConflictException raced) {
      // Another replica created it first: that is the desired outcome.
    }
  }
}
