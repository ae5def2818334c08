package dev.atrium.xds.auth;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.token.DataplaneTokenClaims;
import dev.atrium.security.token.DataplaneTokens;
import dev.atrium.security.token.SigningKeyLookup;
import dev.atrium.security.token.TokenException;
import dev.atrium.security.token.TokenSecrets;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code dpToken} (universal): the proxy presents a dataplane token, an RS256 JWT signed by one of its
 * mesh's keys ({@code dataplane-token-signing-key-<mesh>-<kid>} Secrets), not expired, not listed in
 * {@code dataplane-token-revocations-<mesh>}, whose claims fit the Dataplane (name, mesh, type, tags,
 * workload). Keys and revocations are read at each check from the Secrets this server follows, so a
 * revocation or a deleted key takes effect on the proxy's next connection.
 */
public final class DataplaneTokenAuthenticator implements ProxyAuthenticator {
  /** Kuma's proxy type of every Dataplane (sidecars and gateways alike). */
  static final String DATAPLANE_TYPE = "dataplane";
  /** The Dataplane label a token's {@code Workload} claim must equal. */
  static final String WORKLOAD_LABEL = "kuma.io/workload";

  /** Where the mesh Secrets come from (the xds-server's follower index). */
  public interface MeshSecrets {
    Optional<Resource> secret(String mesh, String name);
  }

  private final MeshSecrets secrets;
  private final Clock clock;
  /**
   * Public keys by Secret (mesh/name), with the Secret version they were read from: a fleet connecting
   * at once parses each key once, and a replaced key Secret is read again.
   */
  private final Map<String, ParsedKey> parsed = new ConcurrentHashMap<>();

  private record ParsedKey(long version, PublicKey key) {}

  public DataplaneTokenAuthenticator(MeshSecrets secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  /** Reads the Secrets from a follower's index. */
  public static DataplaneTokenAuthenticator of(dev.atrium.follow.ResourceIndex index) {
    return new DataplaneTokenAuthenticator((mesh, name) -> index.get(ResourceKind.SECRET, mesh, name), Clock.systemUTC());
  }

  @Override
  public void authenticate(String credential, Resource dataplane) throws AuthenticationException {
    if (dataplane.kind() == ResourceKind.ZONE_INGRESS) {
      throw new AuthenticationException("ZoneIngress \"" + dataplane.name() + "\" authenticates with a zone token (scope"
          + " ingress), not a dataplane token");
    }
    String mesh = dataplane.mesh();
    DataplaneTokenClaims.Verified verified;
    try {
      verified = DataplaneTokens.verify(credential, keysOf(mesh), revokedIn(mesh), clock);
    } catch (TokenException e) {
      throw new AuthenticationException(e.getMessage());
    }
    String mismatch = verified.claims().mismatch(dataplane.name(), mesh, tagsOf(dataplane), DATAPLANE_TYPE,
        dataplane.meta().labels().get(WORKLOAD_LABEL));
    if (mismatch != null) throw new AuthenticationException(mismatch);
  }

  private SigningKeyLookup keysOf(String mesh) {
    return new SigningKeyLookup() {
      @Override
      public Optional<PublicKey> publicKey(String kid) {
        return secrets.secret(mesh, TokenSecrets.dataplaneSigningKey(mesh, kid)).flatMap(s -> publicKeyOf(mesh, s));
      }

      @Override
      public String notFoundMessage(String kid) {
        return "there is no signing key with KID " + kid + ". Secret of name \"" + TokenSecrets.dataplaneSigningKey(mesh, kid)
            + "\" in mesh \"" + mesh + "\" is not found. If signing key was rotated, regenerate the token";
      }
    };
  }

  private Optional<PublicKey> publicKeyOf(String mesh, Resource secret) {
    String id = mesh + "/" + secret.name();
    ParsedKey known = parsed.get(id);
    if (known != null && known.version() == secret.meta().version() && secret.meta().version() != 0) {
      return Optional.of(known.key());
    }
    try {
      PublicKey key = Pem.publicKey(new String(secret.specAs(SecretSpec.class).data(), StandardCharsets.US_ASCII));
      parsed.put(id, new ParsedKey(secret.meta().version(), key));
      return Optional.of(key);
    } catch (IllegalArgumentException notAKey) {
      return Optional.empty(); // an unreadable key verifies nothing
    }
  }

  private Set<String> revokedIn(String mesh) {
    return secrets.secret(mesh, TokenSecrets.dataplaneRevocations(mesh))
        .map(s -> TokenSecrets.revokedIds(new String(s.specAs(SecretSpec.class).data(), StandardCharsets.UTF_8)))
        .orElse(Set.of());
  }

  /** Every tag value of the proxy: its inbounds' tags, or its gateway's (Kuma's {@code TagSet}). */
  static Map<String, Set<String>> tagsOf(Resource dataplane) {
    Map<String, Set<String>> tags = new TreeMap<>();
    DataplaneSpec.Networking n = dataplane.specAs(DataplaneSpec.class).networking();
    if (n == null) return tags;
    if (n.gateway() != null) n.gateway().tags().forEach((k, v) -> tags.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
    for (DataplaneSpec.Inbound inbound : n.inbound()) {
      inbound.tags().forEach((k, v) -> tags.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
    }
    return tags;
  }
}
