package dev.atrium.core.validation;

import dev.atrium.core.model.route.BackendRef;
import dev.atrium.core.model.route.MeshTCPRouteSpec;
import java.util.List;
import java.util.Map;

/** Kuma 2.14's MeshTCPRoute validation (meshtcproute/api/v1alpha1/validator.go) with its messages. */
final class MeshTCPRouteValidator {
  private MeshTCPRouteValidator() {}

  static final List<String> BACKEND_KINDS = List.of(TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET,
      TargetRefRules.MESH_EXTERNAL_SERVICE, TargetRefRules.MESH_MULTI_ZONE_SERVICE);

  static void validate(MeshTCPRouteSpec spec, Map<String, String> labels, FieldPath root, Violations v) {
    RouteTargetRules.Attachment attachment = RouteTargetRules.top(v, root.field("targetRef"), spec.targetRef(), labels);
    for (int i = 0; i < spec.to().size(); i++) {
      FieldPath path = root.field("to").index(i);
      MeshTCPRouteSpec.To to = spec.to().get(i);
      RouteTargetRules.to(v, path.field("targetRef"), to.targetRef(), attachment);
      for (int j = 0; j < to.rules().size(); j++) {
        MeshTCPRouteSpec.Rule rule = to.rules().get(j);
        FieldPath backendsPath = path.field("rules").index(j).field("default").field("backendRefs");
        List<BackendRef> refs =
            rule.defaultConf() == null ? List.of() : rule.defaultConf().backendRefs();
        // A TCP connection cannot be answered by the proxy itself: it must go somewhere.
        if (refs.isEmpty()) v.add(backendsPath, "must be defined");
        for (int k = 0; k < refs.size(); k++) {
          MeshHTTPRouteValidator.backendRef(v, backendsPath.index(k), refs.get(k), BACKEND_KINDS);
        }
      }
    }
  }
}
