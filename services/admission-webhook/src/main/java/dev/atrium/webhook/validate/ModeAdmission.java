package dev.atrium.webhook.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.multizone.ControlPlaneMode;
import dev.atrium.core.multizone.WriteRules;
import dev.atrium.webhook.admission.AdmissionRequest;
import dev.atrium.webhook.admission.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * kubectl's side of the multi-zone write rules (ADR 0020; the REST API's are {@link WriteRules}): on
 * global, what zones provide is refused (a MeshGatewayInstance with Kuma's own sentence: global runs no
 * gateway Deployments); on a zone, what global provides is, and a targetRef policy applied in the system
 * namespace must say {@code kuma.io/origin: zone}; on global the label may only say {@code global}.
 * Kuma 2.14's texts, 403 Forbidden. The control plane's own writers pass.
 */
public final class ModeAdmission {
  private final ControlPlaneMode mode;
  private final String systemNamespace;
  private final Set<String> privilegedUsers;

  public ModeAdmission(ControlPlaneMode mode, String systemNamespace, List<String> privilegedUsers) {
    this.mode = mode;
    this.systemNamespace = systemNamespace;
    this.privilegedUsers = Set.copyOf(privilegedUsers);
  }

  /** The refusal for a CREATE or UPDATE of a kuma.io object, if the mode refuses it. */
  public Optional<Verdict.Refuse> check(AdmissionRequest request) {
    Optional<ResourceKind> kind = ResourceKind.byTypeName(request.kind());
    if (mode == ControlPlaneMode.STANDALONE || kind.isEmpty() || privilegedUsers.contains(request.username())) {
      return Optional.empty();
    }
    if (WriteRules.readOnly(mode, kind.get()).isPresent()) {
      if (kind.get() == ResourceKind.MESH_GATEWAY_INSTANCE && request.isCreate()) {
        return forbidden("Operation not allowed. Kuma resources like MeshGatewayInstance can be created only from the 'zone'"
            + " control plane and not from a '" + mode.value() + "' control plane.");
      }
      String other = mode == ControlPlaneMode.GLOBAL ? "ZONE" : "GLOBAL";
      return forbidden("Operation not allowed. Kuma resources like " + request.kind() + " can be updated or deleted only from"
          + " the " + other + " control plane and not from a " + mode.value().toUpperCase(Locale.ROOT) + " control plane.");
    }
    if (!pluginOriginated(kind.get())) return Optional.empty();
    JsonNode origin = request.object().path("metadata").path("labels").path(WriteRules.ORIGIN_LABEL);
    if (mode == ControlPlaneMode.GLOBAL && origin.isTextual() && origin.asText().equals("zone")) {
      return forbidden("Operation not allowed. 'kuma.io/origin' label should have 'global' value, got 'zone'");
    }
    if (mode == ControlPlaneMode.ZONE && systemNamespace.equals(request.namespace()) && !"zone".equals(origin.asText(""))) {
      return Optional.of(new Verdict.Refuse(403, "Forbidden", "Operation not allowed. Applying policies on Zone CP on a system"
          + " namespace requires 'kuma.io/origin' label to be set to 'zone'.",
          List.of(new Verdict.Cause("metadata.labels[kuma.io/origin]", "cannot be empty"))));
    }
    return Optional.empty();
  }

  /** The targetRef kinds (Kuma's plugin-originated policies): their Kubernetes form wraps a spec. */
  private static boolean pluginOriginated(ResourceKind kind) {
    return kind.shape() == ResourceKind.Shape.WRAPPED && kind != ResourceKind.MESH_GATEWAY_INSTANCE;
  }

  private static Optional<Verdict.Refuse> forbidden(String message) {
    return Optional.of(Verdict.Refuse.forbidden(message));
  }
}
