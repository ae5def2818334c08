package dev.atrium.xds.bootstrap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import dev.atrium.core.model.dataplane.PrometheusEndpoint;
import dev.atrium.core.model.mesh.MeshSpec;

/**
 * The Envoy bootstrap a proxy starts with: its identity ({@code node.id = mesh.name}, as Kuma), an
 * admin listener on loopback, and everything else (listeners, clusters, routes, endpoints) over one
 * ADS stream to this server; and, when the Dataplane (or its Mesh) has a prometheus metrics backend,
 * Envoy's stats on the metrics port ({@link PrometheusStatsListener}). Deliberately absent:
 * {@code set_node_on_first_message_only}, because java-control-plane groups snapshots by the node of
 * every request.
 */
public final class BootstrapGenerator {
  private BootstrapGenerator() {}

  public static final int DEFAULT_ADMIN_PORT = 9901;

  public static String generate(Resource dataplane, String xdsHost, int xdsPort, int adminPort, boolean delta) {
    return generate(dataplane, null, xdsHost, xdsPort, adminPort, delta);
  }

  /** A bootstrap for an agent that said nothing but its proxy's name (and whether it wants delta xDS). */
  public static String generate(Resource dataplane, Resource mesh, String xdsHost, int xdsPort, int adminPort,
      boolean delta) {
    BootstrapRequest request = BootstrapRequest.of(dataplane.mesh(), dataplane.name());
    if (delta) request = request.withFeature(BootstrapRequest.FEATURE_DELTA);
    return generate(dataplane, mesh, request, xdsHost, xdsPort, adminPort);
  }

  /**
   * The bootstrap of {@code dataplane} in {@code mesh} (null when unknown: then only the Dataplane's
   * own metrics backend counts) for the agent's {@code request}, whose settings become the node
   * metadata ({@link NodeMetadata}). The stats listener is fixed at bootstrap: a later change of the
   * metrics port takes effect when the proxy restarts.
   */
  public static String generate(Resource dataplane, Resource mesh, BootstrapRequest request, String xdsHost,
      int xdsPort, int adminPort) {
    boolean delta = request.wantsDelta();
    boolean ingress = dataplane.kind() == ResourceKind.ZONE_INGRESS;
    DataplaneSpec spec = ingress ? null : dataplane.specAs(DataplaneSpec.class);
    ObjectNode root = Mappers.JSON.createObjectNode();

    ObjectNode node = root.putObject("node");
    // A ZoneIngress belongs to no mesh: ".<name>", as Kuma's.
    node.put("id", (ingress ? "" : dataplane.mesh()) + "." + dataplane.name());
    node.put("cluster", ingress ? "zone-ingress" : serviceOf(spec));
    node.set("metadata", NodeMetadata.of(request, adminPort));

    ObjectNode admin = root.putObject("admin");
    socketAddress(admin.putObject("address"), NodeMetadata.ADMIN_ADDRESS, adminPort);

    ObjectNode dynamic = root.putObject("dynamic_resources");
    ObjectNode ads = dynamic.putObject("ads_config");
    ads.put("api_type", delta ? "DELTA_GRPC" : "GRPC");
    ads.put("transport_api_version", "V3");
    ObjectNode adsService = ads.putArray("grpc_services").addObject();
    adsService.putObject("envoy_grpc").put("cluster_name", "ads_cluster");
    // Envoy presents the agent's dataplane token on every ADS stream, as Kuma's bootstrap has it (raw JWT).
    if (request.dataplaneToken() != null && !request.dataplaneToken().isBlank()) {
      adsService.putArray("initial_metadata").addObject().put("key", "authorization").put("value", request.dataplaneToken().strip());
    }
    for (String type : new String[] {"lds_config", "cds_config"}) {
      ObjectNode source = dynamic.putObject(type);
      source.putObject("ads");
      source.put("resource_api_version", "V3");
      // 0s disables the timeout: Envoy stays in initialization (not ready, no listeners) until the first
      // answer arrives, instead of going live with no configuration after Envoy's default 15 s.
      source.put("initial_fetch_timeout", "0s");
    }

    ObjectNode staticResources = root.putObject("static_resources");
    ArrayNode clusters = staticResources.putArray("clusters");
    ObjectNode adsCluster = clusters.addObject();
    adsCluster.put("name", "ads_cluster");
    adsCluster.put("type", "STRICT_DNS");
    adsCluster.put("connect_timeout", "1s");
    // "localhost" resolves to ::1 first on many hosts while the server often binds 127.0.0.1 only.
    adsCluster.put("dns_lookup_family", "V4_PREFERRED");
    // ADS is gRPC: HTTP/2 (chosen by ALPN: AdsClusterTls).
    adsCluster.putObject("typed_extension_protocol_options")
        .putObject("envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
        .put("@type", "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
        .putObject("explicit_http_config").putObject("http2_protocol_options")
        .putObject("connection_keepalive").put("interval", "30s").put("timeout", "5s");
    ObjectNode assignment = adsCluster.putObject("load_assignment");
    assignment.put("cluster_name", "ads_cluster");
    ObjectNode endpoint = assignment.putArray("endpoints").addObject().putArray("lb_endpoints").addObject()
        .putObject("endpoint");
    socketAddress(endpoint.putObject("address"), xdsHost, xdsPort);
    AdsClusterTls.configure(adsCluster, xdsHost, request);
    if (!ingress) PrometheusEndpoint.of(mesh == null ? null : mesh.specAs(MeshSpec.class), spec)
        .ifPresent(stats -> PrometheusStatsListener.add(staticResources, clusters, stats, adminPort));

    ObjectNode runtime = root.putObject("layered_runtime");
    runtime.putArray("layers").addObject().put("name", "atrium").putObject("static_layer")
        .put("re2.max_program_size.error_level", 4294967295L)
        .put("re2.max_program_size.warn_level", 1000);
    return ResourceCodec.write(root, true);
  }

  /** Envoy's admin port: the Dataplane's networking.admin.port, else the agent's, else Kuma's 9901. */
  public static int adminPort(Resource dataplane, Integer requested) {
    DataplaneSpec.Admin admin;
    if (dataplane.kind() == ResourceKind.ZONE_INGRESS) {
      ZoneIngressSpec.Networking n = dataplane.specAs(ZoneIngressSpec.class).networking();
      admin = n == null ? null : n.admin();
    } else {
      DataplaneSpec.Networking n = dataplane.specAs(DataplaneSpec.class).networking();
      admin = n == null ? null : n.admin();
    }
    if (admin != null && admin.port() != null) return admin.port();
    return requested != null && requested > 0 ? requested : DEFAULT_ADMIN_PORT;
  }

  /** The proxy's own address (a Dataplane's or a ZoneIngress's networking.address), null when it has none. */
  public static String addressOf(Resource proxy) {
    if (proxy.kind() == ResourceKind.ZONE_INGRESS) {
      ZoneIngressSpec.Networking n = proxy.specAs(ZoneIngressSpec.class).networking();
      return n == null ? null : n.address();
    }
    DataplaneSpec.Networking n = proxy.specAs(DataplaneSpec.class).networking();
    return n == null ? null : n.address();
  }

  private static String serviceOf(DataplaneSpec spec) {
    DataplaneSpec.Networking n = spec.networking();
    if (n == null) return "";
    if (n.gateway() != null) return n.gateway().tags().getOrDefault("kuma.io/service", "");
    return n.inbound().isEmpty() ? "" : n.inbound().get(0).tags().getOrDefault("kuma.io/service", "");
  }

  private static void socketAddress(ObjectNode parent, String host, int port) {
    parent.putObject("socket_address").put("address", host).put("port_value", port);
  }
}
