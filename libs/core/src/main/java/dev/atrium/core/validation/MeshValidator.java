package dev.atrium.core.validation;

import dev.atrium.core.model.mesh.MeshSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Mesh's mTLS section (Kuma's mesh_validator.go). Gateways depend on it: cross-mesh listeners
 * need mesh mTLS, so a Mesh that names a backend it does not define is refused at write time.
 */
final class MeshValidator {
  private MeshValidator() {}

  /** Kuma (open source) allows one CA backend per mesh. */
  static final int ALLOWED_MTLS_BACKENDS = 1;

  static void validate(MeshSpec spec, FieldPath root, Violations v) {
    MeshSpec.Mtls mtls = spec.mtls();
    if (mtls == null) return;
    FieldPath path = root.field("mtls");
    FieldPath backendsPath = path.field("backends");
    List<MeshSpec.CertificateAuthorityBackend> backends = mtls.backends();
    if (backends.size() > ALLOWED_MTLS_BACKENDS) {
      v.add(backendsPath, "cannot have more than " + ALLOWED_MTLS_BACKENDS + " backends");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < backends.size(); i++) {
      MeshSpec.CertificateAuthorityBackend b = backends.get(i);
      String name = b.name() == null ? "" : b.name();
      if (name.isEmpty()) {
        v.add(backendsPath.index(i).field("name"), "cannot be empty");
      } else if (!names.add(name)) {
        v.add(backendsPath.index(i).field("name"), "\"" + name + "\" name is already used for another backend");
      }
      if (b.type() == null || b.type().isEmpty()) v.add(backendsPath.index(i).field("type"), "cannot be empty");
    }
    String enabled = mtls.enabledBackend();
    if (enabled != null && !enabled.isEmpty() && !names.contains(enabled)) {
      v.add(path.field("enabledBackend"), "has to be set to one of the backends in the mesh");
    }
  }
}
