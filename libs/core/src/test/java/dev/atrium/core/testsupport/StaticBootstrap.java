package dev.atrium.core.testsupport;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.atrium.core.xds.XdsResources;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One proxy's translated resources as a static Envoy bootstrap, so that a real Envoy can judge them
 * without an xDS server, in two forms:
 * <ul>
 *   <li>{@link #inlined}: every listener with its RDS reference replaced by the named route
 *       configuration, every EDS cluster turned STATIC with its ClusterLoadAssignment, every SDS
 *       certificate a static secret (so Envoy loads the certificate and key); everything else exactly
 *       as translated. Envoy then checks routes, clusters and endpoints together (a
 *       route to an unknown cluster is an error), and a dangling reference fails here already.
 *   <li>{@link #asServed}: listeners and clusters byte-for-byte as the xds-server serves them (RDS,
 *       EDS and SDS config sources over ADS), beside an ADS config pointing at an {@code xds_cluster}.
 *       Envoy checks the config sources, which the inlined form removes.
 * </ul>
 */
public final class StaticBootstrap {
  private StaticBootstrap() {}

  static final String XDS_CLUSTER = "xds_cluster";

  public static Bootstrap asServed(String nodeId, XdsResources xds) {
    GrpcService ads = GrpcService.newBuilder()
        .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder().setClusterName(XDS_CLUSTER))
        .build();
    HttpProtocolOptions h2 = HttpProtocolOptions.newBuilder()
        .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
            .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
        .build();
    // Never connected to: validate mode starts no xDS stream.
    Cluster xdsCluster = Cluster.newBuilder()
        .setName(XDS_CLUSTER)
        .setType(Cluster.DiscoveryType.STATIC)
        .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(1))
        .putTypedExtensionProtocolOptions("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", Any.pack(h2))
        .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName(XDS_CLUSTER)
            .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder()
                    .setSocketAddress(SocketAddress.newBuilder().setAddress("127.0.0.1").setPortValue(15678)))))))
        .build();
    return Bootstrap.newBuilder()
        .setNode(Node.newBuilder().setId(nodeId).setCluster("atrium-validate"))
        .setDynamicResources(Bootstrap.DynamicResources.newBuilder()
            .setAdsConfig(ApiConfigSource.newBuilder()
                .setApiType(ApiConfigSource.ApiType.GRPC)
                .setTransportApiVersion(ApiVersion.V3)
                .addGrpcServices(ads)))
        .setStaticResources(Bootstrap.StaticResources.newBuilder()
            .addAllListeners(xds.listeners())
            .addAllClusters(xds.clusters())
            .addClusters(xdsCluster))
        .build();
  }

  public static Bootstrap inlined(String nodeId, XdsResources xds) {
    Map<String, RouteConfiguration> routes = xds.routes().stream()
        .collect(Collectors.toMap(RouteConfiguration::getName, Function.identity()));
    Map<String, ClusterLoadAssignment> assignments = xds.endpoints().stream()
        .collect(Collectors.toMap(ClusterLoadAssignment::getClusterName, Function.identity()));
    Bootstrap.StaticResources.Builder resources = Bootstrap.StaticResources.newBuilder();
    // Validate mode binds nothing, so the dataplane's addresses need not exist on this machine.
    java.util.Set<String> meshSecrets = new java.util.TreeSet<>();
    for (Listener listener : xds.listeners()) {
      resources.addListeners(staticSecrets(inlineRoutes(listener, routes), meshSecrets));
    }
    resources.addAllSecrets(xds.secrets());
    for (Cluster cluster : xds.clusters()) {
      resources.addClusters(staticSecrets(inlineEndpoints(cluster, assignments), meshSecrets));
    }
    meshSecrets.forEach(name -> resources.addSecrets(MeshTestSecrets.secret(name)));
    return Bootstrap.newBuilder()
        .setNode(Node.newBuilder().setId(nodeId).setCluster("atrium-validate"))
        .setStaticResources(resources)
        .build();
  }

  private static Listener inlineRoutes(Listener listener, Map<String, RouteConfiguration> routes) {
    Listener.Builder out = listener.toBuilder().clearFilterChains();
    for (FilterChain chain : listener.getFilterChainsList()) {
      FilterChain.Builder c = chain.toBuilder().clearFilters();
      for (Filter filter : chain.getFiltersList()) {
        if (filter.getTypedConfig().is(HttpConnectionManager.class)) {
          HttpConnectionManager hcm = unpack(filter.getTypedConfig());
          if (hcm.hasRds()) {
            RouteConfiguration rc = routes.get(hcm.getRds().getRouteConfigName());
            if (rc == null) throw new AssertionError("no route configuration " + hcm.getRds().getRouteConfigName());
            hcm = hcm.toBuilder().clearRds().setRouteConfig(rc).build();
          }
          filter = filter.toBuilder().setTypedConfig(Any.pack(hcm)).build();
        }
        c.addFilters(filter);
      }
      out.addFilterChains(c);
    }
    return out.build();
  }

  /**
   * SDS references without a config source name the bootstrap's static secrets; the mesh identity and
   * CA secrets (which the xds-server's issuer serves) are collected in {@code meshSecrets}, to be added
   * as static test secrets ({@link MeshTestSecrets}).
   */
  private static Listener staticSecrets(Listener listener, java.util.Set<String> meshSecrets) {
    Listener.Builder out = listener.toBuilder();
    for (FilterChain.Builder chain : out.getFilterChainsBuilderList()) {
      if (!chain.hasTransportSocket()) continue;
      DownstreamTlsContext tls = unpack(chain.getTransportSocket().getTypedConfig(), DownstreamTlsContext.class);
      DownstreamTlsContext.Builder b = tls.toBuilder();
      staticSecrets(b.getCommonTlsContextBuilder(), meshSecrets);
      chain.getTransportSocketBuilder().setTypedConfig(Any.pack(b.build()));
    }
    return out.build();
  }

  private static Cluster staticSecrets(Cluster cluster, java.util.Set<String> meshSecrets) {
    if (!cluster.hasTransportSocket()) return cluster;
    UpstreamTlsContext.Builder b = unpack(cluster.getTransportSocket().getTypedConfig(), UpstreamTlsContext.class).toBuilder();
    staticSecrets(b.getCommonTlsContextBuilder(), meshSecrets);
    Cluster.Builder out = cluster.toBuilder();
    out.getTransportSocketBuilder().setTypedConfig(Any.pack(b.build()));
    return out.build();
  }

  private static void staticSecrets(CommonTlsContext.Builder common, java.util.Set<String> meshSecrets) {
    for (SdsSecretConfig.Builder sds : common.getTlsCertificateSdsSecretConfigsBuilderList()) {
      sds.clearSdsConfig();
      if (MeshTestSecrets.isMeshSecret(sds.getName())) meshSecrets.add(sds.getName());
    }
    if (common.hasCombinedValidationContext()) {
      SdsSecretConfig.Builder ca = common.getCombinedValidationContextBuilder().getValidationContextSdsSecretConfigBuilder();
      ca.clearSdsConfig();
      meshSecrets.add(ca.getName());
    }
  }

  private static Cluster inlineEndpoints(Cluster cluster, Map<String, ClusterLoadAssignment> assignments) {
    if (cluster.getType() != Cluster.DiscoveryType.EDS) return cluster;
    ClusterLoadAssignment cla = assignments.get(cluster.getName());
    if (cla == null) throw new AssertionError("no assignment for EDS cluster " + cluster.getName());
    return cluster.toBuilder().clearEdsClusterConfig().setType(Cluster.DiscoveryType.STATIC).setLoadAssignment(cla).build();
  }

  private static HttpConnectionManager unpack(Any any) {
    return unpack(any, HttpConnectionManager.class);
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
