package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.atrium.core.ir.InboundMeshTlsIr;
import dev.atrium.core.ir.MeshTlsIr;
import dev.atrium.core.ir.UpstreamTlsIr;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

/**
 * Kuma's mesh-TLS transport sockets (kuma-security-facts A3): the proxy's certificate and the trusted
 * CAs both by SDS over ADS (the xds-server's identity issuer serves them), the peer's SPIFFE ID checked
 * as a URI SAN, ALPN {@code kuma} so a PERMISSIVE inbound tells mesh TLS from an application's own.
 */
final class MeshTlsContexts {
  private MeshTlsContexts() {}

  /** The server side of mesh TLS: a client certificate is required, with a SAN under {@code sanPrefix} when set. */
  static TransportSocket downstream(InboundMeshTlsIr tls) {
    CertificateValidationContext.Builder validation = CertificateValidationContext.newBuilder();
    if (tls.sanPrefix() != null) {
      validation.addMatchTypedSubjectAltNames(uriSan(StringMatcher.newBuilder().setPrefix(tls.sanPrefix())));
    }
    DownstreamTlsContext context = DownstreamTlsContext.newBuilder()
        .setCommonTlsContext(common(tls.identitySecret(), tls.caSecret(), validation))
        .setRequireClientCertificate(BoolValue.of(true))
        .build();
    return socket(Any.pack(context));
  }

  /** The client side of mesh TLS: SNI, ALPN {@code kuma}, and the server's SPIFFE ID exactly. */
  static TransportSocket upstream(UpstreamTlsIr tls) {
    CertificateValidationContext.Builder validation = CertificateValidationContext.newBuilder()
        .addMatchTypedSubjectAltNames(uriSan(StringMatcher.newBuilder().setExact(tls.verifySpiffeId())));
    UpstreamTlsContext context = UpstreamTlsContext.newBuilder()
        .setCommonTlsContext(common(tls.identitySecret(), tls.caSecret(), validation).toBuilder()
            .addAlpnProtocols(MeshTlsIr.MESH_ALPN))
        .setSni(tls.sni())
        .build();
    return socket(Any.pack(context));
  }

  private static CommonTlsContext common(String identity, String ca, CertificateValidationContext.Builder validation) {
    return CommonTlsContext.newBuilder()
        .addTlsCertificateSdsSecretConfigs(sds(identity))
        .setCombinedValidationContext(CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
            .setDefaultValidationContext(validation)
            .setValidationContextSdsSecretConfig(sds(ca)))
        .build();
  }

  private static SubjectAltNameMatcher uriSan(StringMatcher.Builder matcher) {
    return SubjectAltNameMatcher.newBuilder().setSanType(SubjectAltNameMatcher.SanType.URI).setMatcher(matcher).build();
  }

  private static SdsSecretConfig sds(String name) {
    return SdsSecretConfig.newBuilder().setName(name).setSdsConfig(EnvoyProtos.ads()).build();
  }

  private static TransportSocket socket(Any context) {
    return TransportSocket.newBuilder().setName(DownstreamTlsConfigurer.TRANSPORT_SOCKET).setTypedConfig(context).build();
  }

  /** Whether {@code name} is a mesh-TLS SDS secret (served by the identity issuer, not by translation). */
  static boolean isMeshSecret(String name) {
    return name.startsWith("identity_cert:secret:") || name.startsWith("mesh_ca:secret:");
  }
}
