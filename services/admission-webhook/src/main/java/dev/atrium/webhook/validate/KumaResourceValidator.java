package dev.atrium.webhook.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Validator;
import dev.atrium.core.validation.Violation;
import dev.atrium.webhook.admission.Verdict;
import java.util.List;
import java.util.stream.Collectors;

/**
 * kuma.io objects on CREATE/UPDATE: decoded from their Kubernetes form by the same codec and checked
 * by the same {@link Validator} as the REST API, so the messages are the same. Field paths point into
 * the object kubectl sent: the spec of Kuma's older kinds (MeshGateway, Dataplane, ...) sits under
 * {@code spec} there, so their paths get a {@code spec.} prefix, as Kuma's own webhook does
 * ({@code spec.conf.listeners[0].hostname}); the newer kinds' paths start with {@code spec.} anyway.
 * The refusal is Status 422 Invalid with every violation as {@code field: message}.
 */
public final class KumaResourceValidator {
  public static final String GROUP = "kuma.io";
  private final Validator validator;

  public KumaResourceValidator(Validator validator) {
    this.validator = validator;
  }

  public Verdict validate(String kind, JsonNode object) {
    return validate(kind, object, null);
  }

  /**
   * On UPDATE, {@code oldObject} is what the object replaces, for the rules about changes (a Mesh's CA
   * cannot be swapped while mTLS is on); null or missing on CREATE. An old object that no longer
   * decodes (stored before a rule existed) is treated as absent rather than blocking every update.
   */
  public Verdict validate(String kind, JsonNode object, JsonNode oldObject) {
    if (ResourceKind.byTypeName(kind).isEmpty()) {
      // A kuma.io kind Atrium does not serve yet: not ours to refuse, but say it was not checked.
      return new Verdict.Allow("kind " + kind + " is not validated",
          List.of("Atrium does not validate " + GROUP + " " + kind + " objects; it was stored unchecked"));
    }
    Resource resource;
    try {
      resource = ResourceCodec.decode(object);
    } catch (InvalidResourceException e) {
      return refuse(kind, e.violations()); // already in the Kubernetes form's paths
    }
    List<Violation> violations = validator.validateUpdate(previous(oldObject), resource).stream()
        .map(v -> toKubernetesPath(resource.kind(), v)).toList();
    return violations.isEmpty() ? new Verdict.Allow(kind + " is valid") : refuse(kind, violations);
  }

  private static Resource previous(JsonNode oldObject) {
    if (oldObject == null || !oldObject.isObject()) return null;
    try {
      return ResourceCodec.decode(oldObject);
    } catch (InvalidResourceException e) {
      return null;
    }
  }

  /** A Validator path (universal form) as the path of the same field in the Kubernetes form. */
  static Violation toKubernetesPath(ResourceKind kind, Violation v) {
    String field = v.field();
    String mapped;
    if (field.equals("name")) {
      mapped = "metadata.name";
    } else if (field.equals("mesh")) {
      mapped = kind.shape() == ResourceKind.Shape.FLAT ? "mesh" : "metadata.labels[\"kuma.io/mesh\"]";
    } else if (kind.shape() == ResourceKind.Shape.FLAT) {
      mapped = field.isEmpty() ? "spec" : field.startsWith("[") ? "spec" + field : "spec." + field;
    } else {
      mapped = field;
    }
    return new Violation(mapped, v.message());
  }

  private static Verdict refuse(String kind, List<Violation> violations) {
    String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    List<Verdict.Cause> causes = violations.stream().map(v -> new Verdict.Cause(v.field(), v.message())).toList();
    return new Verdict.Refuse(422, "Invalid", kind + " is not valid: " + message, causes);
  }
}
