package dev.atrium.core.xds;

import com.google.protobuf.Duration;
import dev.atrium.core.ir.EndpointsIr;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.core.v3.Locality;
import com.google.protobuf.UInt32Value;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Small proto fragments several generators and configurers need, built one way everywhere. */
final class EnvoyProtos {
  private EnvoyProtos() {}

  private static final Pattern NOT_STAT_SAFE = Pattern.compile("[^A-Za-z0-9_-]");

  /** "Fetch this over the ADS stream, v3": RDS and EDS both come from the one ADS connection. */
  static ConfigSource ads() {
    return ConfigSource.newBuilder()
        .setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3)
        .build();
  }

  static Address tcpAddress(String ip, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(port))
        .build();
  }

  static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  /** A stat prefix from a resource name: ':' and '.' would split Envoy's stat names, so they become '_'. */
  static String statPrefix(String name) {
    return NOT_STAT_SAFE.matcher(name).replaceAll("_");
  }

  /**
   * A load assignment with all endpoints in one locality. The locality carries an explicit weight:
   * clients that weigh localities (grpc-java) drop a locality without one, silently, with its hosts.
   * No endpoints give an assignment with no locality, which tells Envoy the cluster is empty rather
   * than leaving it waiting.
   */
  static ClusterLoadAssignment loadAssignment(String cluster, List<EndpointsIr.Endpoint> endpoints) {
    ClusterLoadAssignment.Builder cla = ClusterLoadAssignment.newBuilder().setClusterName(cluster);
    if (endpoints.isEmpty()) return cla.build();
    // One locality per zone: this zone's hosts (no zone named) at priority 0, each other zone's ingress
    // at its own priority; the hosts keep their order within their locality.
    Map<String, LocalityLbEndpoints.Builder> localities = new TreeMap<>();
    for (EndpointsIr.Endpoint e : endpoints) {
      String zone = e.zone() == null ? "" : e.zone();
      LocalityLbEndpoints.Builder locality = localities.computeIfAbsent(String.format("%05d/%s", e.priority(), zone), k -> {
        LocalityLbEndpoints.Builder b = LocalityLbEndpoints.newBuilder().setLoadBalancingWeight(UInt32Value.of(1));
        if (!zone.isEmpty()) b.setLocality(Locality.newBuilder().setZone(zone)).setPriority(e.priority());
        return b;
      });
      locality.addLbEndpoints(LbEndpoint.newBuilder()
          .setEndpoint(Endpoint.newBuilder().setAddress(tcpAddress(e.address(), e.port())))
          .setLoadBalancingWeight(UInt32Value.of(e.weight())));
    }
    localities.values().forEach(cla::addEndpoints);
    return cla.build();
  }
}
