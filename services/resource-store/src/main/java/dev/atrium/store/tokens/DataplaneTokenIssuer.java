package dev.atrium.store.tokens;

import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import dev.atrium.security.token.DataplaneTokenClaims;
import dev.atrium.security.token.DataplaneTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Issues dataplane tokens as Kuma's token web service does: the request is checked (mesh given,
 * validFor a Go duration, type a proxy type), then the claims are signed by the mesh's newest key.
 */
public final class DataplaneTokenIssuer {
  /** Kuma's proxy types a token may be limited to. */
  private static final Set<String> PROXY_TYPES = Set.of("dataplane", "ingress", "egress");

  private final MeshSigningKeys keys;
  private final Clock clock;

  public DataplaneTokenIssuer(MeshSigningKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * @throws InvalidResourceException naming each invalid field (Kuma's 400 "Invalid request")
   * @throws MeshSigningKeys.NoSigningKey when the mesh has no key (it does not exist, or its keys were deleted)
   */
  public String issue(DataplaneTokenRequest request) {
    List<Violation> violations = new ArrayList<>();
    if (request.mesh() == null || request.mesh().isEmpty()) violations.add(new Violation("mesh", "cannot be empty"));
    Duration validFor = DataplaneTokens.DEFAULT_VALIDITY;
    if (request.validFor() != null && !request.validFor().isEmpty()) {
      try {
        validFor = GoDuration.parse(request.validFor());
      } catch (IllegalArgumentException e) {
        violations.add(new Violation("validFor", "is invalid: " + e.getMessage()));
      }
    }
    if (request.type() != null && !request.type().isEmpty() && !PROXY_TYPES.contains(request.type())) {
      violations.add(new Violation("type", request.type() + " is not a valid proxy type"));
    }
    if (!violations.isEmpty()) throw new InvalidResourceException(violations);
    DataplaneTokenClaims claims = new DataplaneTokenClaims(request.name(), request.mesh(), request.tags(), request.type(),
        request.workload());
    return DataplaneTokens.issue(keys.latest(request.mesh()), claims, validFor, clock);
  }
}
