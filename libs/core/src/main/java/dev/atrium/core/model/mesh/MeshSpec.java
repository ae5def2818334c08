package dev.atrium.core.model.mesh;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import java.util.List;

/**
 * A Mesh. mTLS is modelled because gateways depend on it (cross-mesh listeners require it); the
 * other sections are accepted and kept as written (their own issues will give them types), so a
 * Kuma Mesh manifest applies unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshSpec(
    Mtls mtls,
    JsonNode tracing,
    JsonNode logging,
    JsonNode metrics,
    JsonNode networking,
    JsonNode routing,
    JsonNode constraints,
    @JsonAlias("skip_creating_initial_policies") List<String> skipCreatingInitialPolicies,
    @JsonAlias("mesh_services") JsonNode meshServices) implements ResourceSpec {

  public MeshSpec {
    skipCreatingInitialPolicies = Collect.list(skipCreatingInitialPolicies);
  }

  public static MeshSpec empty() {
    return new MeshSpec(null, null, null, null, null, null, null, List.of(), null);
  }

  /** True when mTLS is switched on (an enabled backend is named). */
  public boolean mtlsEnabled() {
    return mtls != null && mtls.enabledBackend() != null && !mtls.enabledBackend().isEmpty();
  }

  /**
   * Kuma's {@code networking.outbound.passthrough}: whether a transparent proxy lets traffic to
   * destinations the mesh does not know leave unchanged. True unless the Mesh says {@code false}.
   */
  public boolean outboundPassthrough() {
    if (networking == null) return true;
    JsonNode passthrough = networking.path("outbound").path("passthrough");
    return !passthrough.isBoolean() || passthrough.booleanValue();
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Mtls(
      @JsonAlias("enabled_backend") String enabledBackend,
      List<CertificateAuthorityBackend> backends,
      @JsonAlias("skip_validation") Boolean skipValidation) {
    public Mtls {
      backends = Collect.list(backends);
    }
  }

  /** One CA backend; its type-specific {@code conf} is kept as written. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record CertificateAuthorityBackend(
      String name,
      String type,
      String mode,
      @JsonAlias("dp_cert") JsonNode dpCert,
      JsonNode conf,
      @JsonAlias("root_chain") JsonNode rootChain) {}
}
