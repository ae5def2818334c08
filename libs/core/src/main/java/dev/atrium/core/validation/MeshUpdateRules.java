package dev.atrium.core.validation;

import dev.atrium.core.model.mesh.MeshSpec;

/**
 * Rules about changing a Mesh rather than about one version of it (Kuma's manager-level
 * ValidateUpdate): the CA of a mesh with mTLS on cannot be swapped in place, since proxies would
 * briefly trust only one of two CAs and refuse each other. Users switch mTLS off, change the CA, and
 * switch it on again.
 */
final class MeshUpdateRules {
  private MeshUpdateRules() {}

  static void validate(MeshSpec previous, MeshSpec updated, FieldPath root, Violations v) {
    if (previous.mtlsEnabled() && updated.mtlsEnabled()
        && !previous.mtls().enabledBackend().equals(updated.mtls().enabledBackend())) {
      v.add(root.field("mtls").field("enabledBackend"),
          "Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA");
    }
  }
}
