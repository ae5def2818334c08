package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.atrium.core.ir.FilterChainIr.TlsIr;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;

/**
 * TLS termination on a filter chain, as Kuma's gateway does it: TLS 1.2 or newer, no client
 * certificates, the server certificates fetched by SDS over ADS (Envoy picks the RSA or ECDSA one by
 * what the client supports), ALPN as the chain says (h2, http/1.1 for HTTPS).
 */
final class DownstreamTlsConfigurer {
  private DownstreamTlsConfigurer() {}

  static final String TRANSPORT_SOCKET = "envoy.transport_sockets.tls";

  static TransportSocket transportSocket(TlsIr tls) {
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder()
        .setTlsParams(TlsParameters.newBuilder().setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_2))
        .addAllAlpnProtocols(tls.alpn());
    for (String secret : tls.certificates()) {
      common.addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder().setName(secret).setSdsConfig(EnvoyProtos.ads()));
    }
    DownstreamTlsContext context = DownstreamTlsContext.newBuilder()
        .setCommonTlsContext(common)
        .setRequireClientCertificate(BoolValue.of(false))
        .build();
    return TransportSocket.newBuilder().setName(TRANSPORT_SOCKET).setTypedConfig(Any.pack(context)).build();
  }
}
