package dev.atrium.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec;
import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec.TaintEffect;
import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec.Toleration;
import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec.TolerationOperator;
import java.util.List;

/**
 * The CRD's {@code minimum: 1} on replicas, and the usual tag rules. Unlike Kuma 2.14 (which
 * generates the service tag as {@code <name>_<namespace>_svc} and refuses a user-set one), a
 * {@code kuma.io/service} tag is accepted: the Kong Mesh gateway documents this project implements
 * set it in their MeshGatewayInstance example to name the service the MeshGateway selects, and
 * every seed example must work verbatim. Without the tag the generated name applies.
 *
 * <p>The Pod settings beyond Kuma's get Kubernetes' own rules for tolerations (the API server would
 * refuse the Deployment otherwise, far from the user's mistake) and a shape check for the fields kept
 * as written; everything else in them is the API server's to judge when the Deployment is applied.
 */
final class MeshGatewayInstanceValidator {
  private MeshGatewayInstanceValidator() {}

  static void validate(MeshGatewayInstanceSpec spec, FieldPath root, Violations v) {
    if (spec.replicas() != null && spec.replicas() < 1) {
      v.add(root.field("replicas"), "must be greater than or equal to 1");
    }
    TagRules.tags(v, root.field("tags"), spec.tags(), TagRules.Options.NONE);
    if (spec.podTemplate() != null && spec.podTemplate().spec() != null) {
      podSpec(spec.podTemplate().spec(), root.field("podTemplate").field("spec"), v);
    }
  }

  private static void podSpec(MeshGatewayInstanceSpec.PodSpec pod, FieldPath path, Violations v) {
    if (pod.affinity() != null && !pod.affinity().isObject()) v.add(path.field("affinity"), "must be an object");
    List<JsonNode> spread = pod.topologySpreadConstraints();
    for (int i = 0; i < spread.size(); i++) {
      if (!spread.get(i).isObject()) v.add(path.field("topologySpreadConstraints").index(i), "must be an object");
    }
    for (int i = 0; i < pod.tolerations().size(); i++) {
      toleration(pod.tolerations().get(i), path.field("tolerations").index(i), v);
    }
  }

  /** Kubernetes' ValidateTolerations, with its messages. */
  private static void toleration(Toleration t, FieldPath path, Violations v) {
    boolean exists = t.operator() == TolerationOperator.Exists;
    if ((t.key() == null || t.key().isEmpty()) && !exists) {
      v.add(path.field("operator"), "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
    }
    if (exists && t.value() != null && !t.value().isEmpty()) {
      v.add(path.field("operator"), "value must be empty when `operator` is 'Exists'");
    }
    if (t.tolerationSeconds() != null && t.effect() != TaintEffect.NoExecute) {
      v.add(path.field("effect"), "effect must be 'NoExecute' when `tolerationSeconds` is set");
    }
  }
}
