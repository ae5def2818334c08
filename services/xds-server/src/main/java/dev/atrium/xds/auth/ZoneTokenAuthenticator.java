package dev.atrium.xds.auth;

import dev.atrium.security.token.TokenException;
import dev.atrium.security.token.ZoneTokenClaims;
import dev.atrium.security.token.ZoneTokenVerifier;
import java.time.Clock;

/**
 * {@code zoneToken} (Kuma's {@code dpServer.authn.zoneProxy.type} on universal): a ZoneIngress presents a
 * zone token, an RS256 JWT signed by global's {@code zone-token-signing-key-<serial>}, not expired, not
 * listed in {@code zone-token-revocations} ({@link ZoneTokenVerifier}: on a zone with the public half
 * global's sync wrote, on a standalone control plane with the signing key itself), whose {@code Scope}
 * holds {@code ingress} and whose {@code Zone} is the zone this control plane serves.
 *
 * <p>Blocking as the verifier's GlobalSecrets are: run it off the event loop unless they are kept in
 * memory ({@link WatchedZoneTokenKeys}).
 */
public final class ZoneTokenAuthenticator {
  private final ZoneTokenVerifier verifier;
  private final String zone;

  /** @param zone the zone this control plane serves ({@code atrium.xds.zone}) */
  public ZoneTokenAuthenticator(ZoneTokenVerifier.GlobalSecrets secrets, String zone, Clock clock) {
    // The xds-server never signs: a missing key is named as a zone names it (the public copy's Secret).
    this.verifier = new ZoneTokenVerifier(secrets, clock, false);
    this.zone = zone;
  }

  /**
   * Whether {@code credential} lets its holder serve as the ZoneIngress {@code ingressName} of this zone.
   * Kuma binds a zone token to a zone and a scope, not to an ingress's name: any ingress of the zone may
   * present it ({@code ingressName} is named in nothing but the caller's log line).
   *
   * @throws AuthenticationException with Kuma's words (never the token)
   */
  public void authenticate(String credential, String ingressName) throws AuthenticationException {
    ZoneTokenClaims.Verified verified;
    try {
      verified = verifier.verify(credential);
    } catch (TokenException e) {
      throw new AuthenticationException(e.getMessage());
    }
    String mismatch = verified.claims().mismatch(zone, ZoneTokenClaims.INGRESS);
    if (mismatch != null) throw new AuthenticationException(mismatch);
  }
}
