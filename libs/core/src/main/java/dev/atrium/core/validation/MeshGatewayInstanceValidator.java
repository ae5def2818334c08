package dev.atrium.core.validation;

import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec;

/**
 * Kuma's MeshGatewayInstance admission webhook (gateway_instance_validator.go) plus the CRD's
 * {@code minimum: 1} on replicas. Since Kuma 2.7 the service tag is generated as
 * {@code <name>_<namespace>_svc}; letting users set it would let one instance impersonate another
 * service, so Kuma 2.14 refuses it.
 */
final class MeshGatewayInstanceValidator {
  private MeshGatewayInstanceValidator() {}

  static void validate(MeshGatewayInstanceSpec spec, FieldPath root, Violations v) {
    if (spec.replicas() != null && spec.replicas() < 1) {
      v.add(root.field("replicas"), "must be greater than or equal to 1");
    }
    TagRules.tags(v, root.field("tags"), spec.tags(), TagRules.Options.FORBID_SERVICE);
  }
}
