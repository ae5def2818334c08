package dev.atrium.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import org.junit.jupiter.api.Test;

/** The CA of a mesh with mTLS on cannot be swapped in one write (Kuma's ValidateUpdate). */
class MeshUpdateRulesTest {
  private final Validator validator = new Validator(SecretLookup.unavailable());

  private static Resource mesh(String enabled) {
    return ResourceCodec.decode("""
        type: Mesh
        name: default
        mtls:
          enabledBackend: %s
          backends:
            - name: %s
              type: builtin
        """.formatted(enabled, enabled.isEmpty() ? "ca-1" : enabled));
  }

  @Test
  void swappingTheEnabledCaIsRefusedWithKumasMessage() {
    assertThat(validator.validateUpdate(mesh("ca-1"), mesh("ca-2"))).containsExactly(new Violation("mtls.enabledBackend",
        "Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA"));
  }

  @Test
  void switchingMtlsOffThenOnWithAnotherCaIsAllowed() {
    assertThat(validator.validateUpdate(mesh("ca-1"), mesh(""))).isEmpty();
    assertThat(validator.validateUpdate(mesh(""), mesh("ca-2"))).isEmpty();
    assertThat(validator.validateUpdate(null, mesh("ca-2"))).isEmpty();
    assertThat(validator.validateUpdate(mesh("ca-1"), mesh("ca-1"))).isEmpty();
  }
}
