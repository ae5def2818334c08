package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.ExternalTlsIr;
import dev.atrium.core.ir.ExternalTlsIr.Pem;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/**
 * An ExternalService's cluster (Kuma's ProvidedEndpointCluster and ClientSideTLS): its one host written
 * in; a DNS name resolved by Envoy (STRICT_DNS, IPv4 only as Kuma without IPv6); TLS with the bytes
 * inline in the cluster (no SDS, as Kuma does), the SAN checked as a DNS or IP name when a CA is given.
 */
final class ExternalServiceClusterConfigurer implements ClusterConfigurer {
  private final ClusterIr ir;

  ExternalServiceClusterConfigurer(ClusterIr ir) {
    this.ir = ir;
  }

  @Override
  public void configure(Cluster.Builder cluster) {
    if (ir.kind() == ClusterIr.Kind.STRICT_DNS) {
      cluster.setType(Cluster.DiscoveryType.STRICT_DNS).setDnsLookupFamily(Cluster.DnsLookupFamily.V4_ONLY);
    } else {
      cluster.setType(Cluster.DiscoveryType.STATIC);
    }
    cluster.setLoadAssignment(EnvoyProtos.loadAssignment(cluster.getName(),
        List.of(new EndpointsIr.Endpoint(ir.staticAddress().address(), ir.staticAddress().port(), 1))));
    if (ir.externalTls() != null) {
      cluster.setTransportSocket(TransportSocket.newBuilder().setName(DownstreamTlsConfigurer.TRANSPORT_SOCKET)
          .setTypedConfig(Any.pack(context(ir.externalTls()))));
    }
  }

  private static UpstreamTlsContext context(ExternalTlsIr tls) {
    UpstreamTlsContext.Builder context = UpstreamTlsContext.newBuilder();
    if (tls.sni() != null) context.setSni(tls.sni());
    if (tls.allowRenegotiation()) context.setAllowRenegotiation(true);
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder();
    if (tls.clientCert() != null && tls.clientKey() != null) {
      common.addTlsCertificates(TlsCertificate.newBuilder()
          .setCertificateChain(dataSource(tls.clientCert()))
          .setPrivateKey(dataSource(tls.clientKey())));
    }
    if (tls.caCert() != null) {
      CertificateValidationContext.Builder validation = CertificateValidationContext.newBuilder()
          .setTrustedCa(dataSource(tls.caCert()));
      if (tls.verifyName() != null) {
        for (SubjectAltNameMatcher.SanType type : List.of(SubjectAltNameMatcher.SanType.DNS, SubjectAltNameMatcher.SanType.IP_ADDRESS)) {
          validation.addMatchTypedSubjectAltNames(SubjectAltNameMatcher.newBuilder().setSanType(type)
              .setMatcher(StringMatcher.newBuilder().setExact(tls.verifyName())));
        }
      }
      common.setValidationContext(validation);
    }
    if (tls.clientCert() != null || tls.caCert() != null) context.setCommonTlsContext(common);
    return context.build();
  }

  private static DataSource dataSource(Pem pem) {
    return pem.file() != null
        ? DataSource.newBuilder().setFilename(pem.file()).build()
        : DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8(pem.inline())).build();
  }
}
