package dev.atrium.xds.bootstrap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.model.dataplane.PrometheusEndpoint;

/**
 * Envoy's Prometheus stats on the Dataplane's metrics port, as Kuma serves them: a static listener on
 * {@code networking.address:<port>} whose only route, the metrics path, is rewritten to the admin's
 * {@code /stats/prometheus} and sent to a static cluster for the admin on loopback. The admin itself
 * stays on 127.0.0.1; nothing else of it is reachable through this listener (other paths get 404).
 * Names are Kuma's, so config dumps read the same.
 */
final class PrometheusStatsListener {
  private PrometheusStatsListener() {}

  static final String LISTENER = "kuma:metrics:prometheus";
  static final String ADMIN_CLUSTER = "kuma:envoy:admin";
  static final String ADMIN_STATS_PATH = "/stats/prometheus";

  static void add(ObjectNode staticResources, ArrayNode clusters, PrometheusEndpoint endpoint, int adminPort) {
    ObjectNode listener = staticResources.putArray("listeners").addObject();
    listener.put("name", LISTENER);
    listener.putObject("address").putObject("socket_address").put("address", endpoint.address())
        .put("port_value", endpoint.port());
    ObjectNode hcm = listener.putArray("filter_chains").addObject().putArray("filters").addObject()
        .put("name", "envoy.filters.network.http_connection_manager")
        .putObject("typed_config");
    hcm.put("@type", "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager");
    hcm.put("stat_prefix", "kuma_metrics_prometheus");
    ObjectNode routes = hcm.putObject("route_config");
    routes.put("name", LISTENER);
    ObjectNode host = routes.putArray("virtual_hosts").addObject();
    host.put("name", LISTENER);
    host.putArray("domains").add("*");
    ObjectNode route = host.putArray("routes").addObject();
    route.putObject("match").put("path", endpoint.path());
    route.putObject("route").put("cluster", ADMIN_CLUSTER).put("prefix_rewrite", ADMIN_STATS_PATH);
    hcm.putArray("http_filters").addObject().put("name", "envoy.filters.http.router")
        .putObject("typed_config").put("@type", "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router");

    ObjectNode admin = clusters.addObject();
    admin.put("name", ADMIN_CLUSTER);
    admin.put("type", "STATIC");
    admin.put("connect_timeout", "1s");
    ObjectNode assignment = admin.putObject("load_assignment");
    assignment.put("cluster_name", ADMIN_CLUSTER);
    assignment.putArray("endpoints").addObject().putArray("lb_endpoints").addObject().putObject("endpoint")
        .putObject("address").putObject("socket_address").put("address", "127.0.0.1").put("port_value", adminPort);
  }
}
