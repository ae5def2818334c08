package dev.atrium.core.ir;

import java.util.Objects;

/**
 * The mesh's mTLS as one proxy uses it (null on {@link ProxyIr} when the mesh has mTLS off). The IR
 * names the SDS secrets only: the certificates themselves are random and time-bound, so the
 * xds-server's identity issuer adds them beside the translated config, and a renewal is an SDS push.
 *
 * @param mesh the proxy's mesh: the SPIFFE trust domain ({@code spiffe://<mesh>/<service>})
 * @param backend the enabled CA backend's name
 * @param mode STRICT: mesh inbounds take mesh TLS only; PERMISSIVE: plaintext too
 * @param allMeshesCa whether some listener trusts every mesh's CA ({@link #ALL_MESHES_CA}: a
 *     cross-mesh gateway listener), so the issuer must send that bundle too
 */
public record MeshTlsIr(String mesh, String backend, Mode mode, boolean allMeshesCa) {
  public enum Mode { STRICT, PERMISSIVE }

  /** The SDS secret of every mesh's CAs, concatenated (cross-mesh listeners). */
  public static final String ALL_MESHES_CA = "mesh_ca:secret:all";

  /** ALPN a mesh-TLS client offers, which tells mesh TLS from an application's own TLS on a PERMISSIVE inbound. */
  public static final String MESH_ALPN = "kuma";

  public MeshTlsIr {
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(mode, "mode");
  }

  /** The SDS secret holding this proxy's certificate and key in {@code mesh}. */
  public static String identitySecret(String mesh) {
    return "identity_cert:secret:" + mesh;
  }

  /** The SDS secret holding {@code mesh}'s CA certificates (the trust anchors of mesh TLS). */
  public static String caSecret(String mesh) {
    return "mesh_ca:secret:" + mesh;
  }

  /** The SPIFFE ID of a service in a mesh, which its proxies' certificates carry as a URI SAN. */
  public static String spiffeId(String mesh, String service) {
    return "spiffe://" + mesh + "/" + service;
  }

  public String identitySecret() {
    return identitySecret(mesh);
  }

  public String caSecret() {
    return caSecret(mesh);
  }
}
