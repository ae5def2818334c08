package dev.atrium.security.token;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a zone token binds its holder to (Kuma's claims {@code Zone} and {@code Scope}): the zone whose
 * control plane may accept it, and which zone components it may prove to be — {@code ingress} (a
 * ZoneIngress), {@code egress} (a ZoneEgress), or {@code cp} (a zone control plane talking to global,
 * Atrium's reserved use; Kuma 2.14 knows only the first two).
 */
public record ZoneTokenClaims(String zone, List<String> scope) {
  public static final String INGRESS = "ingress";
  public static final String EGRESS = "egress";
  public static final String CP = "cp";
  /** Every scope a token may name. */
  public static final List<String> SCOPES = List.of(INGRESS, EGRESS, CP);
  /** kumactl's default {@code --scope}: both zone proxies (its {@code FullScope}). */
  public static final List<String> PROXY_SCOPES = List.of(INGRESS, EGRESS);

  public ZoneTokenClaims {
    zone = zone == null ? "" : zone;
    scope = scope == null ? List.of() : List.copyOf(scope);
  }

  /**
   * Why this token does not let its holder act as a {@code required} component of the zone
   * {@code servedZone} (the zone of the control plane that checks), in Kuma's words and order: the
   * scope first, then the zone; null when it does. Kuma accepts a token without a zone in every zone;
   * Atrium does not (its issuer never makes one, and kumactl requires {@code --zone}).
   */
  public String mismatch(String servedZone, String required) {
    String outOfScope = outOfScope(required);
    if (outOfScope != null) return outOfScope;
    if (!zone.equals(servedZone)) return "zone from requestor: " + servedZone + " is different than in token: " + zone;
    return null;
  }

  /**
   * Why this token does not let its holder act as a {@code required} component of any zone, in Kuma's
   * words; null when its scope holds {@code required}. Global's Store API asks this for {@code cp}: there
   * the zone is the token's to say, and what the holder may write is checked per resource.
   */
  public String outOfScope(String required) {
    if (scope.contains(required)) return null;
    return "token cannot be used to authenticate zone entity (" + required + " is out of token's scope: "
        + goList(scope) + ")";
  }

  /** Go's {@code %+v} of a string slice: {@code [ingress egress]}. */
  static String goList(List<String> values) {
    return values.stream().collect(Collectors.joining(" ", "[", "]"));
  }

  /** Claims with their token's id and expiry, as verified. */
  public record Verified(ZoneTokenClaims claims, String id, Instant expiresAt) {}
}
