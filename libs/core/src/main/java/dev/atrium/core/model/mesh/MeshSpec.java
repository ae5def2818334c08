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

  /** The enabled CA backend, if mTLS is on and the backend is defined. */
  public java.util.Optional<CertificateAuthorityBackend> enabledBackend() {
    if (!mtlsEnabled()) return java.util.Optional.empty();
    return mtls.backends().stream().filter(b -> mtls.enabledBackend().equals(b.name())).findFirst();
  }

  /**
   * One CA backend: {@code type} builtin (conf {@code caCert{RSAbits, expiration}}) or provided (conf
   * {@code cert}/{@code key} data sources); its type-specific {@code conf} is kept as written.
   * {@code mode} STRICT (default) or PERMISSIVE.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record CertificateAuthorityBackend(
      String name,
      String type,
      String mode,
      @JsonAlias("dp_cert") DpCert dpCert,
      JsonNode conf,
      @JsonAlias("root_chain") JsonNode rootChain) {

    public static final String BUILTIN = "builtin";
    public static final String PROVIDED = "provided";
    public static final String STRICT = "STRICT";
    public static final String PERMISSIVE = "PERMISSIVE";

    /** Kuma's default lifetime of a proxy certificate. */
    public static final java.time.Duration DEFAULT_CERT_LIFETIME = java.time.Duration.ofHours(24);

    public boolean permissive() {
      return PERMISSIVE.equals(mode);
    }

    /** {@code dpCert.rotation.expiration}, or 24h when absent or not in Kuma's format (the validator refuses the latter). */
    public java.time.Duration certificateLifetime() {
      if (dpCert == null || dpCert.rotation() == null) return DEFAULT_CERT_LIFETIME;
      return dev.atrium.core.model.KumaDuration.parse(dpCert.rotation().expiration())
          .filter(d -> !d.isZero()).orElse(DEFAULT_CERT_LIFETIME);
    }
  }

  /** How proxy certificates of a backend are made. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record DpCert(Rotation rotation, @JsonAlias("request_timeout") String requestTimeout) {}

  /** {@code expiration}: the certificate's lifetime in Kuma's duration format ({@code 1d}, {@code 1m}). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Rotation(String expiration) {}
}
