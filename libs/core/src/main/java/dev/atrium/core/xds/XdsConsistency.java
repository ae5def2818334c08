package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.WireFormat;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last gate before a configuration can reach Envoy: every name one resource refers to must exist.
 * A dangling reference is never rejected by Envoy — it waits for the missing resource forever, or a
 * client such as grpc-java times out — so it is caught here, where the cause is known.
 */
final class XdsConsistency {
  private XdsConsistency() {}

  /** @throws IllegalStateException listing every missing resource */
  static void check(String proxy, Map<String, List<Message>> byType, Map<String, Set<String>> names) {
    List<String> problems = new ArrayList<>();
    Set<String> routes = names.get(XdsTypes.ROUTE);
    Set<String> clusters = names.get(XdsTypes.CLUSTER);
    Set<String> assignments = names.get(XdsTypes.ENDPOINT);
    Set<String> secrets = names.get(XdsTypes.SECRET);
    for (Message m : byType.get(XdsTypes.LISTENER)) {
      Listener listener = (Listener) m;
      for (FilterChain chain : listener.getFilterChainsList()) {
        if (chain.hasTransportSocket() && chain.getTransportSocket().getTypedConfig().is(DownstreamTlsContext.class)) {
          DownstreamTlsContext tls = unpack(chain.getTransportSocket().getTypedConfig(), DownstreamTlsContext.class);
          for (SdsSecretConfig sds : tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigsList()) {
            // The mesh identity and CA secrets are added beside the translation by the identity issuer.
            if (!secrets.contains(sds.getName()) && !MeshTlsContexts.isMeshSecret(sds.getName())) {
              problems.add("listener \"" + listener.getName() + "\" uses certificate \"" + sds.getName() + "\", which is not in SDS");
            }
          }
        }
        for (Filter filter : chain.getFiltersList()) {
          Any config = filter.getTypedConfig();
          String where = "listener \"" + listener.getName() + "\"";
          if (config.is(HttpConnectionManager.class)) {
            Rds rds = rdsOf(config);
            if (rds != null && !routes.contains(rds.getRouteConfigName())) {
              problems.add(where + " uses route configuration \"" + rds.getRouteConfigName() + "\", which is not in RDS");
            }
          } else if (config.is(TcpProxy.class)) {
            TcpProxy tcp = unpack(config, TcpProxy.class);
            if (tcp.hasWeightedClusters()) {
              tcp.getWeightedClusters().getClustersList().forEach(c -> requireCluster(problems, where, c.getName(), clusters));
            } else {
              requireCluster(problems, where, tcp.getCluster(), clusters);
            }
          }
        }
      }
    }
    for (Message m : byType.get(XdsTypes.ROUTE)) {
      RouteConfiguration rc = (RouteConfiguration) m;
      for (VirtualHost vh : rc.getVirtualHostsList()) {
        for (Route route : vh.getRoutesList()) {
          String where = "route configuration \"" + rc.getName() + "\"";
          if (route.hasRoute() && !route.getRoute().getCluster().isEmpty()) {
            requireCluster(problems, where, route.getRoute().getCluster(), clusters);
          }
          if (route.hasRoute() && route.getRoute().hasWeightedClusters()) {
            route.getRoute().getWeightedClusters().getClustersList()
                .forEach(c -> requireCluster(problems, where, c.getName(), clusters));
          }
        }
      }
    }
    for (Message m : byType.get(XdsTypes.CLUSTER)) {
      Cluster cluster = (Cluster) m;
      if (cluster.getType() == Cluster.DiscoveryType.EDS && !assignments.contains(cluster.getName())) {
        problems.add("EDS cluster \"" + cluster.getName() + "\" has no ClusterLoadAssignment in EDS");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("inconsistent xDS configuration for proxy " + proxy + ": " + String.join("; ", problems));
    }
  }

  private static void requireCluster(List<String> problems, String where, String cluster, Set<String> clusters) {
    if (!clusters.contains(cluster)) problems.add(where + " sends traffic to cluster \"" + cluster + "\", which is not in CDS");
  }

  /**
   * The {@code rds} field of a packed HttpConnectionManager, or null when it has none: read from the
   * bytes without building the whole manager (its filters, access logs and typed configs), which was a
   * tenth of a proxy's translation when a broadcast change re-translates every proxy.
   */
  static Rds rdsOf(Any hcm) {
    try {
      CodedInputStream in = hcm.getValue().newCodedInput();
      Rds.Builder rds = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == HttpConnectionManager.RDS_FIELD_NUMBER
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          if (rds == null) rds = Rds.newBuilder();
          in.readMessage(rds, ExtensionRegistryLite.getEmptyRegistry()); // repeated occurrences merge, as in a full parse
        } else if (!in.skipField(tag)) {
          break;
        }
      }
      return rds == null ? null : rds.build();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable HttpConnectionManager in a generated listener", e);
    }
  }

  private static <T extends Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable " + type.getSimpleName() + " in a generated listener", e);
    }
  }
}
