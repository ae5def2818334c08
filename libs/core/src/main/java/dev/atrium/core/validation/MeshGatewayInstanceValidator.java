package dev.atrium.core.validation;

import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec;

/**
 * The CRD's {@code minimum: 1} on replicas, and the usual tag rules. Unlike Kuma 2.14 (which
 * generates the service tag as {@code <name>_<namespace>_svc} and refuses a user-set one), a
 * {@code kuma.io/service} tag is accepted: the Kong Mesh gateway documents this project implements
 * set it in their MeshGatewayInstance example to name the service the MeshGateway selects, and
 * every seed example must work verbatim. Without the tag the generated name applies.
 */
final class MeshGatewayInstanceValidator {
  private MeshGatewayInstanceValidator() {}

  static void validate(MeshGatewayInstanceSpec spec, FieldPath root, Violations v) {
    if (spec.replicas() != null && spec.replicas() < 1) {
      v.add(root.field("replicas"), "must be greater than or equal to 1");
    }
    TagRules.tags(v, root.field("tags"), spec.tags(), TagRules.Options.NONE);
  }
}
