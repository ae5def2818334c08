package dev.atrium.store.grpc.auth;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.multizone.GlobalCopies;
import dev.atrium.core.multizone.KindOwnership;
import dev.atrium.core.multizone.WriteRules;
import java.util.Map;
import java.util.Optional;

/**
 * Who may write what on global's Store API (ADR 0020): a zone control plane, known by its zone token
 * (scope {@code cp}), writes only its own zone's resources; without a token nobody writes a zone's. A
 * resource is a zone's when only a zone makes it — its {@code Zone} and {@code ZoneInsight} (the zone's
 * name is the resource's), anything labelled {@code kuma.io/origin: zone}, and the kinds global never
 * makes (Dataplanes and their insights, MeshGatewayInstances, ZoneIngresses) — and its zone is then its
 * {@code kuma.io/zone} label. Everything else is global's, which no zone token writes: global's own
 * services (xds-server, webhook, metrics) call without one and never write a zone's resource.
 */
public final class ZoneWriteCheck {
  private ZoneWriteCheck() {}

  /** How a refused call ends: no (acceptable) credential, or a credential that does not reach this resource. */
  public enum Outcome { UNAUTHENTICATED, PERMISSION_DENIED }

  /** Why a write is refused, in words that name the token's zone and the resource's. */
  public record Refusal(Outcome outcome, String message) {}

  /** The resource a call writes or deletes, as stored (or as given in a Put). */
  public record Target(ResourceKind kind, String mesh, String name, Map<String, String> labels) {
    String describe() {
      return kind.typeName() + " " + (kind.isMeshScoped() && mesh != null && !mesh.isEmpty() ? mesh + "/" : "") + name;
    }
  }

  /**
   * Whether {@code tokenZone}'s caller ({@code null}: no token) may {@code verb} {@code target}; empty when
   * it may. {@code tokenRequired} false lets token-less callers write zones' resources (upgrades only).
   */
  public static Optional<Refusal> check(String tokenZone, boolean tokenRequired, String verb, Target target) {
    Optional<String> owner = owningZone(target);
    if (tokenZone == null) {
      if (owner.isEmpty() || !tokenRequired) return Optional.empty();
      return Optional.of(new Refusal(Outcome.UNAUTHENTICATED, "cannot " + verb + " " + target.describe() + " (zone "
          + owner.get() + "'s) without a zone token: a zone control plane authenticates to global with a zone token of"
          + " scope cp (authorization: Bearer <token>; atrium.store.global.zone-token-file on the zone)"));
    }
    if (owner.isEmpty()) {
      return Optional.of(new Refusal(Outcome.PERMISSION_DENIED, "zone " + tokenZone + "'s token cannot " + verb + " "
          + target.describe() + ": it is global's, and a zone token writes only resources of its own zone"));
    }
    if (owner.get().isEmpty()) {
      return Optional.of(new Refusal(Outcome.PERMISSION_DENIED, "zone " + tokenZone + "'s token cannot " + verb + " "
          + target.describe() + ": it carries no " + GlobalCopies.ZONE_LABEL + " label naming its zone"));
    }
    if (!owner.get().equals(tokenZone)) {
      return Optional.of(new Refusal(Outcome.PERMISSION_DENIED, "zone " + tokenZone + "'s token cannot " + verb + " "
          + target.describe() + " of zone " + owner.get() + ": a zone token writes only resources of its own zone"));
    }
    return Optional.empty();
  }

  /** The zone only which may write {@code target} ("" when its label is missing); empty when it is global's. */
  static Optional<String> owningZone(Target target) {
    ResourceKind kind = target.kind();
    if (kind == ResourceKind.ZONE || kind == ResourceKind.ZONE_INSIGHT) return Optional.of(target.name());
    Map<String, String> labels = target.labels();
    boolean zones = "zone".equals(labels.get(WriteRules.ORIGIN_LABEL)) || KindOwnership.of(kind) == KindOwnership.ZONE;
    if (!zones) return Optional.empty();
    String zone = labels.get(GlobalCopies.ZONE_LABEL);
    return Optional.of(zone == null ? "" : zone);
  }
}
