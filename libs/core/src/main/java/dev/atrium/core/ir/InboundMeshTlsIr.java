package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Mesh TLS on a listener that mesh clients connect to: the proxy's own certificate, the CA its clients'
 * certificates must chain to, and who may call (RBAC on the mesh-TLS chain only).
 *
 * @param mode STRICT: one chain, mesh TLS only. PERMISSIVE: the TLS inspector picks one of three chains —
 *     plaintext ({@code raw_buffer}, no RBAC), the application's own TLS passed through to
 *     {@code passthroughCluster} (TLS without ALPN {@code kuma}), mesh TLS (ALPN {@code kuma}, RBAC).
 *     CROSS_MESH: a builtin gateway's cross-mesh listener, one chain on TLS + ALPN {@code kuma}, trusting
 *     every mesh's CA, with no SAN check and no RBAC.
 * @param identitySecret the SDS secret of the proxy's certificate ({@code identity_cert:secret:<mesh>})
 * @param caSecret the SDS secret of the trusted CAs ({@code mesh_ca:secret:<mesh>} or {@code mesh_ca:secret:all})
 * @param sanPrefix the URI SAN prefix a client certificate must carry ({@code spiffe://<mesh>/}); null: none
 * @param passthroughCluster PERMISSIVE only: where the application's own TLS goes untouched
 * @param rbac who may call over mesh TLS; null on a cross-mesh listener
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboundMeshTlsIr(Mode mode, String identitySecret, String caSecret, String sanPrefix,
    String passthroughCluster, RbacIr rbac) {
  public enum Mode { STRICT, PERMISSIVE, CROSS_MESH }

  public InboundMeshTlsIr {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(identitySecret, "identitySecret");
    Objects.requireNonNull(caSecret, "caSecret");
    if ((mode == Mode.PERMISSIVE) != (passthroughCluster != null)) {
      throw new IllegalArgumentException("a passthrough cluster is needed by PERMISSIVE and only by PERMISSIVE");
    }
    if ((mode == Mode.CROSS_MESH) == (rbac != null)) {
      throw new IllegalArgumentException("mesh inbounds have RBAC, cross-mesh gateway listeners none");
    }
  }
}
