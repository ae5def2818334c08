package dev.atrium.store.tokens;

import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import dev.atrium.security.token.DataplaneTokens;
import dev.atrium.security.token.ZoneTokenClaims;
import dev.atrium.security.token.ZoneTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issues zone tokens as Kuma's token web service does ({@code POST /tokens/zone}): the request is
 * checked, then {@code Zone} and {@code Scope} are signed by the newest zone-token signing key. Kuma's
 * server checks only that {@code scope} is given and {@code validFor} parses; Atrium also requires the
 * zone and refuses scopes nobody checks (kumactl refuses both before it calls).
 */
public final class ZoneTokenIssuer {
  private final ZoneSigningKeys keys;
  private final Clock clock;

  public ZoneTokenIssuer(ZoneSigningKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * @throws InvalidResourceException naming each invalid field (Kuma's 400 "Invalid request")
   * @throws ZoneSigningKeys.NoSigningKey when this control plane holds no zone-token signing key (a zone)
   */
  public String issue(ZoneTokenRequest request) {
    List<Violation> violations = new ArrayList<>();
    if (request.zone() == null || request.zone().isEmpty()) violations.add(new Violation("zone", "cannot be empty"));
    if (request.scope() == null || request.scope().isEmpty()) {
      violations.add(new Violation("scope", "cannot be empty"));
    } else {
      for (int i = 0; i < request.scope().size(); i++) {
        String s = request.scope().get(i);
        if (!ZoneTokenClaims.SCOPES.contains(s)) {
          violations.add(new Violation("scope[" + i + "]", "\"" + s + "\" is not a supported scope (supported scopes: "
              + String.join(", ", ZoneTokenClaims.SCOPES) + ")"));
        }
      }
    }
    Duration validFor = DataplaneTokens.DEFAULT_VALIDITY;
    if (request.validFor() != null && !request.validFor().isEmpty()) {
      try {
        validFor = GoDuration.parse(request.validFor());
        if (validFor.isNegative() || validFor.isZero()) violations.add(new Violation("validFor", "must be positive"));
      } catch (IllegalArgumentException e) {
        violations.add(new Violation("validFor", "is invalid: " + e.getMessage()));
      }
    }
    if (!violations.isEmpty()) throw new InvalidResourceException(violations);
    return ZoneTokens.issue(keys.latest(), new ZoneTokenClaims(request.zone(), request.scope()), validFor, clock);
  }
}
