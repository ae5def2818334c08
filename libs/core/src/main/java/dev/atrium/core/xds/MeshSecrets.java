package dev.atrium.core.xds;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.atrium.core.ir.MeshTlsIr;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * PEM to the Envoy Secrets of mesh TLS, named as {@link MeshTlsIr} names them: a proxy's identity
 * (certificate chain and key) and a mesh's trust anchors. Pure: the certificates themselves come from
 * the xds-server's issuer, which adds these beside the translated config; {@link #version} versions the
 * combined SDS list the way {@link XdsResources} versions every type.
 */
public final class MeshSecrets {
  private MeshSecrets() {}

  /** {@code identity_cert:secret:<mesh>}: the proxy's certificate chain and private key, inline. */
  public static Secret identity(String mesh, String certificateChainPem, String privateKeyPem) {
    return Secret.newBuilder()
        .setName(MeshTlsIr.identitySecret(mesh))
        .setTlsCertificate(TlsCertificate.newBuilder()
            .setCertificateChain(inline(certificateChainPem))
            .setPrivateKey(inline(privateKeyPem)))
        .build();
  }

  /** {@code name} (e.g. {@code mesh_ca:secret:<mesh>} or {@link MeshTlsIr#ALL_MESHES_CA}): trusted CA certificates. */
  public static Secret trustedCa(String name, String caCertificatesPem) {
    return Secret.newBuilder()
        .setName(name)
        .setValidationContext(CertificateValidationContext.newBuilder().setTrustedCa(inline(caCertificatesPem)))
        .build();
  }

  /** {@code secrets} sorted by name, as every type's list is. */
  public static List<Secret> sorted(List<Secret> secrets) {
    List<Secret> out = new ArrayList<>(secrets);
    out.sort(Comparator.comparing(Secret::getName));
    return out;
  }

  /** The content version of a sorted SDS list: the same hash {@link XdsResources#version} gives. */
  public static String version(List<Secret> sortedSecrets) {
    return XdsVersions.of(List.<Message>copyOf(sortedSecrets));
  }

  /** Each secret's own version, in order: the same hash {@link XdsResources#resourceVersions} gives. */
  public static List<String> resourceVersions(List<Secret> sortedSecrets) {
    return XdsVersions.of(List.<Message>copyOf(sortedSecrets), SharedResources.none()).resources();
  }

  private static DataSource inline(String pem) {
    return DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8(pem)).build();
  }
}
