package dev.atrium.store.backend;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.core.validation.Validator;
import java.util.Locale;
import java.util.Map;

/**
 * Specs for the contract tests: valid resources of the kind, in canonical JSON, one per variant. The
 * JDBC backends store any bytes, but the Kubernetes backend turns specs into custom resources and
 * decodes and validates what it reads back, so the shared tests write what a real client writes.
 */
final class TestSpecs {
  private TestSpecs() {}

  private static final Validator VALIDATOR = new Validator(SecretLookup.unavailable());

  /** A valid {@code key.kind()} spec that differs for each {@code variant} (lowercase letters, digits, dashes). */
  static String json(ResourceKey key, String variant) {
    String v = variant.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    ResourceKind kind = ResourceKind.byTypeName(key.kind())
        .orElseThrow(() -> new IllegalArgumentException("no test spec for kind " + key.kind()));
    String raw = switch (kind) {
      case MESH -> "{\"logging\":{\"defaultBackend\":\"log-" + v + "\",\"backends\":[{\"name\":\"log-" + v
          + "\",\"type\":\"file\",\"conf\":{\"path\":\"/dev/null\"}}]}}";
      case MESH_HTTP_ROUTE -> "{\"targetRef\":{\"kind\":\"Mesh\"},\"to\":[{\"targetRef\":{\"kind\":\"MeshService\","
          + "\"name\":\"svc-" + v + "\"},\"rules\":[{\"matches\":[{\"path\":{\"type\":\"PathPrefix\",\"value\":\"/\"}}],"
          + "\"default\":{\"backendRefs\":[{\"kind\":\"MeshService\",\"name\":\"svc-" + v + "\"}]}}]}]}";
      case MESH_TCP_ROUTE -> "{\"targetRef\":{\"kind\":\"Mesh\"},\"to\":[{\"targetRef\":{\"kind\":\"MeshService\","
          + "\"name\":\"svc-" + v + "\"},\"rules\":[{\"default\":{\"backendRefs\":[{\"kind\":\"MeshService\","
          + "\"name\":\"svc-" + v + "\"}]}}]}]}";
      default -> throw new IllegalArgumentException("no test spec for kind " + key.kind());
    };
    ResourceSpec spec = ResourceCodec.decodeSpec(kind, raw);
    var violations = VALIDATOR.validate(new Resource(kind,
        new ResourceMeta(kind.isMeshScoped() ? key.mesh() : null, "valid-name", Map.of(), null, null, 0), spec));
    if (!violations.isEmpty()) throw new IllegalStateException("test spec of " + kind + " is invalid: " + violations);
    return ResourceCodec.encodeSpec(spec);
  }
}
