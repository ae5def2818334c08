package dev.atrium.core.multizone;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceKind.Shape;
import dev.atrium.core.validation.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a user may write through a control plane's API, by mode — Kuma 2.14's rules and texts. A kind
 * the other side provides is read-only here (405: global does not take proxies, a zone does not take
 * meshes or legacy policies); a targetRef policy written on a zone must say it was made there
 * ({@code kuma.io/origin: zone}), one written on global may only say {@code global}. The control plane's
 * own writers (the xds-server's insights, the zone sync) are not users and are not held to these.
 */
public final class WriteRules {
  private WriteRules() {}

  public static final String ORIGIN_LABEL = "kuma.io/origin";

  static final String GLOBAL_READ_ONLY = "On global control plane you can not modify dataplane resources with 'kumactl apply'"
      + " or via the HTTP API. You can still use 'kumactl' or the HTTP API to modify them on the zone control plane.\n";
  static final String ZONE_READ_ONLY = "On zone control plane you can only modify zone resources with 'kumactl apply' or via"
      + " the HTTP API. You can still use 'kumactl' or the HTTP API to modify the rest of the resource on the global"
      + " control plane.\n";

  /** Kuma's 405 detail when {@code kind} is the other side's to write, else empty. */
  public static Optional<String> readOnly(ControlPlaneMode mode, ResourceKind kind) {
    KindOwnership owner = KindOwnership.of(kind);
    return switch (mode) {
      case STANDALONE -> Optional.empty();
      case GLOBAL -> owner.providedByGlobal() ? Optional.empty() : Optional.of(GLOBAL_READ_ONLY);
      case ZONE -> owner.providedByZone() ? Optional.empty() : Optional.of(ZONE_READ_ONLY);
    };
  }

  /** The origin label's violations for a write of {@code kind} with {@code labels} (Kuma's field path and text). */
  public static List<Violation> originViolations(ControlPlaneMode mode, ResourceKind kind, Map<String, String> labels) {
    String origin = labels.get(ORIGIN_LABEL);
    String field = "labels[\"" + ORIGIN_LABEL + "\"]";
    if (mode == ControlPlaneMode.GLOBAL && origin != null && !origin.equals("global")) {
      return List.of(new Violation(field, "the origin label must be set to 'global'"));
    }
    if (mode == ControlPlaneMode.ZONE && pluginOriginated(kind) && !"zone".equals(origin)) {
      return List.of(new Violation(field, "the origin label must be set to 'zone'"));
    }
    return List.of();
  }

  /** Kuma's plugin-originated policies: the targetRef kinds (their Kubernetes form wraps a spec). */
  static boolean pluginOriginated(ResourceKind kind) {
    return kind.shape() == Shape.WRAPPED && kind != ResourceKind.MESH_GATEWAY_INSTANCE;
  }
}
