package dev.atrium.core.validation;

import static dev.atrium.core.validation.TargetRefRules.DATAPLANE;
import static dev.atrium.core.validation.TargetRefRules.MESH;
import static dev.atrium.core.validation.TargetRefRules.MESH_EXTERNAL_SERVICE;
import static dev.atrium.core.validation.TargetRefRules.MESH_GATEWAY;
import static dev.atrium.core.validation.TargetRefRules.MESH_MULTI_ZONE_SERVICE;
import static dev.atrium.core.validation.TargetRefRules.MESH_SERVICE;
import static dev.atrium.core.validation.TargetRefRules.MESH_SERVICE_SUBSET;
import static dev.atrium.core.validation.TargetRefRules.MESH_SUBSET;

import dev.atrium.core.model.route.TargetRef;
import java.util.List;
import java.util.Map;

/**
 * What MeshHTTPRoute and MeshTCPRoute may target (Kuma 2.14's validation.go / validator.go of the
 * two policies). A missing top-level targetRef means the whole mesh, as in Kuma 2.9+.
 */
final class RouteTargetRules {
  private RouteTargetRules() {}

  static final String POLICY_ROLE_LABEL = "kuma.io/policy-role";

  /** Top-level kinds of a route owned by the mesh operator (system role). */
  static final List<String> TOP_KINDS_SYSTEM =
      List.of(MESH, MESH_GATEWAY, MESH_SUBSET, MESH_SERVICE, MESH_SERVICE_SUBSET, DATAPLANE);
  /** Workload owners may not attach routes to a gateway: it is shared infrastructure. */
  static final List<String> TOP_KINDS_OTHER = List.of(MESH, MESH_SUBSET, MESH_SERVICE, MESH_SERVICE_SUBSET, DATAPLANE);
  /** On a gateway, a route's destinations come from its rules' backendRefs; {@code to} selects the whole mesh. */
  static final List<String> TO_KINDS_GATEWAY = List.of(MESH);
  static final List<String> TO_KINDS_SIDECAR = List.of(MESH_SERVICE, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE);

  /**
   * Kuma's policy role: the {@code kuma.io/policy-role} label when present, otherwise "system"
   * (universal resources, and Kubernetes ones the store received without the label).
   */
  static boolean isSystemRole(Map<String, String> labels) {
    String role = labels.get(POLICY_ROLE_LABEL);
    return role == null || role.isEmpty() || role.equals("system");
  }

  /**
   * What a route attaches to, as its top-level targetRef says. UNKNOWN when that reference is itself
   * invalid: the rules that depend on it are then skipped rather than reported as a cascade.
   */
  enum Attachment { GATEWAY, SIDECAR, UNKNOWN }

  /** Checks the top-level targetRef; an absent one means the whole mesh (sidecars). */
  static Attachment top(Violations v, FieldPath path, TargetRef top, Map<String, String> labels) {
    if (top == null) return Attachment.SIDECAR;
    List<String> kinds = isSystemRole(labels) ? TOP_KINDS_SYSTEM : TOP_KINDS_OTHER;
    TargetRefRules.check(v, path, TargetRefRules.Ref.of(top), kinds, true);
    if (top.kind() == null || !kinds.contains(top.kind())) return Attachment.UNKNOWN;
    return top.kind().equals(MESH_GATEWAY) ? Attachment.GATEWAY : Attachment.SIDECAR;
  }

  static void to(Violations v, FieldPath path, TargetRef to, Attachment attachment) {
    if (attachment == Attachment.UNKNOWN) return;
    TargetRef ref = to == null ? new TargetRef(null, null, null, null, Map.of(), Map.of(), List.of(), null) : to;
    List<String> kinds = attachment == Attachment.GATEWAY ? TO_KINDS_GATEWAY : TO_KINDS_SIDECAR;
    TargetRefRules.check(v, path, TargetRefRules.Ref.of(ref), kinds, false);
  }
}
