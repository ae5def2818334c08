package dev.atrium.core.translate;

import dev.atrium.core.ir.InboundMeshTlsIr;
import dev.atrium.core.ir.MeshTlsIr;
import dev.atrium.core.ir.RbacIr;
import dev.atrium.core.ir.UpstreamTlsIr;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.model.mesh.MeshSpec.CertificateAuthorityBackend;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mesh-TLS pieces every translator uses the same way (Kuma's shapes, kuma-security-facts A3/A5):
 * which secrets a listener or cluster names, the SNI a client sends, the identity it checks.
 */
final class MeshTls {
  private MeshTls() {}

  /** The mesh's mTLS as its proxies use it; null when the mesh has mTLS off. */
  static MeshTlsIr of(MeshSnapshot mesh) {
    MeshSpec spec = mesh.mesh().specAs(MeshSpec.class);
    if (!spec.mtlsEnabled()) return null;
    return spec.enabledBackend()
        .map(b -> new MeshTlsIr(mesh.name(), b.name(), mode(b), false))
        .orElse(null);
  }

  static boolean enabled(MeshSnapshot mesh) {
    return of(mesh) != null;
  }

  private static MeshTlsIr.Mode mode(CertificateAuthorityBackend backend) {
    return backend.permissive() ? MeshTlsIr.Mode.PERMISSIVE : MeshTlsIr.Mode.STRICT;
  }

  /**
   * A sidecar inbound taking mesh TLS: clients must present a certificate of this mesh
   * ({@code spiffe://<mesh>/…}); PERMISSIVE also takes plaintext and the application's own TLS
   * (passed through to {@code localCluster}).
   */
  static InboundMeshTlsIr inbound(MeshTlsIr tls, String localCluster, RbacIr rbac) {
    boolean permissive = tls.mode() == MeshTlsIr.Mode.PERMISSIVE;
    return new InboundMeshTlsIr(permissive ? InboundMeshTlsIr.Mode.PERMISSIVE : InboundMeshTlsIr.Mode.STRICT,
        tls.identitySecret(), tls.caSecret(), "spiffe://" + tls.mesh() + "/", permissive ? localCluster : null, rbac);
  }

  /** A builtin gateway's cross-mesh listener: its own identity, every mesh's CA, any mesh's client. */
  static InboundMeshTlsIr crossMeshListener(MeshTlsIr tls) {
    return new InboundMeshTlsIr(InboundMeshTlsIr.Mode.CROSS_MESH, tls.identitySecret(), MeshTlsIr.ALL_MESHES_CA,
        null, null, null);
  }

  /** Mesh TLS to {@code service} (the endpoints carrying {@code subset}) in the proxy's own mesh. */
  static UpstreamTlsIr upstream(MeshTlsIr tls, String service, Map<String, String> subset) {
    return new UpstreamTlsIr(sni(service, tls.mesh(), subset), tls.identitySecret(), tls.caSecret(),
        MeshTlsIr.spiffeId(tls.mesh(), service));
  }

  /**
   * Mesh TLS to a cross-mesh gateway {@code service} of {@code otherMesh}: the proxy's own identity,
   * the gateway's identity in its mesh, trusted through the bundle of every mesh's CA.
   */
  static UpstreamTlsIr crossMeshUpstream(MeshTlsIr tls, String otherMesh, String service) {
    return new UpstreamTlsIr(sni(service, otherMesh, Map.of()), tls.identitySecret(), MeshTlsIr.ALL_MESHES_CA,
        MeshTlsIr.spiffeId(otherMesh, service));
  }

  /** Kuma's SNIFromTags: {@code <service>{k=v,…}} with {@code mesh} among the tags, keys sorted. */
  static String sni(String service, String mesh, Map<String, String> subset) {
    Map<String, String> tags = new TreeMap<>(subset);
    tags.put("mesh", mesh);
    StringBuilder out = new StringBuilder(service).append('{');
    String sep = "";
    for (Map.Entry<String, String> t : tags.entrySet()) {
      out.append(sep).append(t.getKey()).append('=').append(t.getValue());
      sep = ",";
    }
    return out.append('}').toString();
  }
}
