package dev.atrium.store.grpc.auth;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.core.multizone.ControlPlaneMode;
import dev.atrium.security.token.TokenException;
import dev.atrium.security.token.ZoneTokenClaims;
import dev.atrium.security.token.ZoneTokenVerifier;
import dev.atrium.store.config.StoreConfig;
import dev.atrium.store.service.ResourceService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Global's side of zone control planes' authentication (ADR 0020): a Store gRPC call that carries a
 * bearer token must carry a zone token of global's (signed with its {@code zone-token-signing-key-*},
 * valid, not revoked) whose scope holds {@code cp}; the token's zone is then the caller's, and its writes
 * are held to {@link ZoneWriteCheck}. A call without a token is one of global's own services: it reads
 * anything and writes anything but a zone's resources. Only a global control plane checks: a zone or a
 * standalone one has no zone callers, and takes its services' calls as before.
 *
 * <p>Blocking (the keys and revocations are read from the store at each check): call on worker threads.
 * Refusals are logged at INFO with the reason, never the token.
 */
@ApplicationScoped
public class ZoneCallers {
  private static final Logger LOG = Logger.getLogger(ZoneCallers.class);

  private final boolean global;
  private final boolean tokenRequired;
  private final ResourceService service;
  private final ZoneTokenVerifier verifier;

  public ZoneCallers(StoreConfig config, ResourceService service) {
    this.global = config.mode() == ControlPlaneMode.GLOBAL;
    this.tokenRequired = !config.zoneAllowWithoutToken();
    this.service = service;
    this.verifier = new ZoneTokenVerifier(name -> service.get(ResourceKind.GLOBAL_SECRET, null, name)
        .map(s -> new ZoneTokenVerifier.Stored(s.specAs(SecretSpec.class).data(), s.meta().version())),
        Clock.systemUTC(), true);
  }

  /**
   * The zone whose control plane made this call, from {@code token} (the call's bearer token); null
   * when it carries none, or this control plane is not global.
   *
   * @throws StatusRuntimeException UNAUTHENTICATED naming what is wrong with the token
   */
  public String authenticate(Optional<String> token) {
    if (!global || token.isEmpty()) return null;
    ZoneTokenClaims claims;
    try {
      claims = verifier.verify(token.get()).claims();
    } catch (TokenException e) {
      throw refused(Status.UNAUTHENTICATED, "zone token refused: " + e.getMessage());
    }
    String outOfScope = claims.outOfScope(ZoneTokenClaims.CP);
    if (outOfScope != null) throw refused(Status.UNAUTHENTICATED, outOfScope);
    if (claims.zone().isEmpty()) throw refused(Status.UNAUTHENTICATED, "zone token refused: it names no zone");
    return claims.zone();
  }

  /** Refuses (PERMISSION_DENIED, UNAUTHENTICATED) a Put of {@code given} that {@code zone}'s caller may not make. */
  public void authorizePut(String zone, Resource given) {
    if (!global) return;
    require(zone, "write", target(given));
    // Nor may a caller take over another's by leaving labels out: the stored resource's zone counts too.
    service.get(given.kind(), given.mesh(), given.name()).ifPresent(old -> require(zone, "write", target(old)));
  }

  /** Refuses a Delete that {@code zone}'s caller may not make; deleting what is not there is left to the store. */
  public void authorizeDelete(String zone, ResourceKind kind, String mesh, String name) {
    if (!global) return;
    service.get(kind, mesh, name).ifPresent(old -> require(zone, "delete", target(old)));
  }

  private void require(String zone, String verb, ZoneWriteCheck.Target target) {
    ZoneWriteCheck.check(zone, tokenRequired, verb, target).ifPresent(refusal -> {
      throw refused(refusal.outcome() == ZoneWriteCheck.Outcome.UNAUTHENTICATED ? Status.UNAUTHENTICATED
          : Status.PERMISSION_DENIED, refusal.message());
    });
  }

  private static ZoneWriteCheck.Target target(Resource r) {
    return new ZoneWriteCheck.Target(r.kind(), r.mesh(), r.name(), r.meta().labels());
  }

  private static StatusRuntimeException refused(Status status, String message) {
    LOG.infof("Store gRPC: refused a call: %s", message);
    return status.withDescription(message).asRuntimeException();
  }
}
