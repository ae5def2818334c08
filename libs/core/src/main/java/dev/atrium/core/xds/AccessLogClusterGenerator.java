package dev.atrium.core.xds;

import com.google.protobuf.Any;
import dev.atrium.core.ir.AccessLogIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ProxyIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.Map;
import java.util.TreeMap;

/**
 * CDS for access logs: one cluster per OpenTelemetry collector the listeners' access logs send to,
 * resolved by DNS (an endpoint may be a host name) and spoken to over HTTP/2 (OTLP is gRPC).
 */
final class AccessLogClusterGenerator implements ResourceGenerator {
  @Override
  public void generate(ProxyIr proxy, XdsResources.Builder out) {
    Map<String, String> endpoints = new TreeMap<>();
    for (ListenerIr listener : proxy.listeners()) {
      AccessLogIr log = listener.policies().accessLog();
      if (log == null) continue;
      log.backends().stream().filter(b -> b.type() == AccessLogIr.Type.OPEN_TELEMETRY)
          .forEach(b -> endpoints.put(b.cluster(), b.address()));
    }
    endpoints.forEach((name, endpoint) -> out.add(cluster(name, endpoint)));
  }

  static Cluster cluster(String name, String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    String host = colon < 0 ? endpoint : endpoint.substring(0, colon);
    int port = colon < 0 ? 4317 : Integer.parseInt(endpoint.substring(colon + 1));
    HttpProtocolOptions http2 = HttpProtocolOptions.newBuilder()
        .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
            .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
        .build();
    return Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.STRICT_DNS)
        .setConnectTimeout(EnvoyProtos.duration(java.time.Duration.ofSeconds(5)))
        .putTypedExtensionProtocolOptions(UpstreamTimeoutsConfigurer.EXTENSION, Any.pack(http2))
        .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName(name)
            .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                    SocketAddress.newBuilder().setAddress(host).setPortValue(port)))))))
        .build();
  }
}
