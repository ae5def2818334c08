package dev.atrium.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.e2e.Curl;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.MetricsProcess;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.WebhookProcess;
import dev.atrium.testing.process.XdsServerProcess;
import dev.atrium.testing.prometheus.Exposition;
import dev.atrium.testing.prometheus.PrometheusServer;
import dev.atrium.testing.prometheus.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics service with the rest of the control plane as real processes and real Envoys through
 * atrium-dp: a builtin gateway (its own metrics port and path) and a sidecar (the Mesh's backend).
 * Prometheus's HTTP service discovery lists both with their labels; each Envoy answers on that
 * address and path with its {@code envoy_} stats; the mesh gauges count them online; deleting a
 * Dataplane removes its target. Then a real Prometheus, configured with nothing but the discovery
 * URL, scrapes both Envoys and the four services, and answers the gateway-traffic query by mesh and
 * service; every service's {@code /q/metrics} passes {@code promtool check metrics}.
 */
class MetricsE2ETest {
  @TempDir Path dir;
  private StoreProcess store;
  private XdsServerProcess xds;
  private MetricsProcess metrics;
  private final List<AutoCloseable> started = new ArrayList<>();

  @BeforeEach
  void startControlPlane() {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    metrics = new MetricsProcess(store, dir.resolve("metrics"));
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
    for (AutoCloseable p : new AutoCloseable[] {metrics, xds, store}) {
      if (p != null) p.close();
    }
  }

  /** The ports of {@link #gatewayAndSidecar()}'s proxies. */
  record Proxies(int listenerPort, int gatewayMetricsPort, int meshMetricsPort) {}

  /**
   * Mesh {@code default} with a Prometheus backend, a builtin gateway {@code edge-1} (its own metrics
   * port and path) whose one route leads to {@code web}, and {@code web-1}, a sidecar in front of an
   * echo app: both with real Envoys.
   */
  private Proxies gatewayAndSidecar() throws Exception {
    Proxies p = new Proxies(Ports.free(), Ports.free(), Ports.free());
    put("/meshes/default", """
        type: Mesh
        name: default
        metrics:
          enabledBackend: prometheus-1
          backends:
            - name: prometheus-1
              type: prometheus
              conf:
                port: %d
                path: /metrics
        """.formatted(p.meshMetricsPort()));
    put("/meshes/default/meshgateways/edge", """
        type: MeshGateway
        mesh: default
        name: edge
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        """.formatted(p.listenerPort()));
    put("/meshes/default/meshgatewayroutes/to-web", """
        type: MeshGatewayRoute
        mesh: default
        name: to-web
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: web}}]
        """);
    EchoServer app = track(EchoServer.start("web"));
    agent("""
        type: Dataplane
        mesh: default
        name: edge-1
        networking:
          address: 127.0.0.1
          gateway:
            type: BUILTIN
            tags:
              kuma.io/service: edge
        metrics:
          type: prometheus
          conf:
            port: %d
            path: /stats
        """.formatted(p.gatewayMetricsPort()));
    agent("""
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              servicePort: %d
              tags:
                kuma.io/service: web
                kuma.io/protocol: http
        """.formatted(Ports.free(), app.port()));
    return p;
  }

  @Test
  void discoveryGaugesAndStatsOfAGatewayAndASidecar() throws Exception {
    metrics.start();
    Proxies p = gatewayAndSidecar();

    // Discovery: both proxies, with the gateway's own port and path and the Mesh's for the sidecar.
    assertThat(eventually(() -> targets().size() == 2)).as(Http.get(metrics.discoveryUrl()).body()).isTrue();
    Map<String, JsonNode> byDataplane = targets();
    JsonNode gateway = byDataplane.get("edge-1");
    assertThat(gateway.at("/targets/0").asText()).isEqualTo("127.0.0.1:" + p.gatewayMetricsPort());
    assertThat(labels(gateway)).isEqualTo(Map.of("__metrics_path__", "/stats", "mesh", "default", "dataplane", "edge-1",
        "service", "edge", "gateway_type", "builtin"));
    JsonNode sidecar = byDataplane.get("web-1");
    assertThat(sidecar.at("/targets/0").asText()).isEqualTo("127.0.0.1:" + p.meshMetricsPort());
    assertThat(labels(sidecar)).isEqualTo(Map.of("__metrics_path__", "/metrics", "mesh", "default", "dataplane", "web-1",
        "service", "web", "gateway_type", "none"));

    // Each target is a real Envoy's Prometheus stats, as Prometheus would scrape it; nothing else of the admin.
    for (JsonNode target : List.of(gateway, sidecar)) {
      String url = "http://" + target.at("/targets/0").asText();
      Curl.Result stats = Curl.run(url + target.at("/labels/__metrics_path__").asText());
      assertThat(stats.status()).isEqualTo(200);
      assertThat(stats.body()).contains("# TYPE envoy_server_live gauge").containsPattern("(?m)^envoy_server_live(\\{\\})? 1$");
      assertThat(Curl.run(url + "/config_dump").status()).isEqualTo(404);
    }

    // Gauges: both online (the xds-server's DataplaneInsights), one builtin gateway, one route on its listener.
    assertThat(eventually(() -> exposition().valueOrZero("atrium_mesh_proxies",
        "gateway_type", "none", "mesh", "default", "service", "web", "status", "online") == 1))
        .as(scrape(metrics.url())).isTrue();
    Exposition gauges = exposition();
    assertThat(gauges.value("atrium_mesh_proxies", "gateway_type", "builtin", "mesh", "default", "service", "edge",
        "status", "online")).isEqualTo(1);
    assertThat(gauges.value("atrium_mesh_gateways", "gateway_type", "builtin", "mesh", "default")).isEqualTo(1);
    assertThat(gauges.value("atrium_mesh_gateways", "gateway_type", "delegated", "mesh", "default")).isEqualTo(0);
    assertThat(gauges.value("atrium_gateway_listener_routes", "gateway", "edge", "hostname", "*", "mesh", "default",
        "port", String.valueOf(p.listenerPort()), "protocol", "HTTP")).isEqualTo(1);
    assertThat(gauges.value("atrium_metrics_sd_targets")).isEqualTo(2);

    // Deleting a Dataplane removes its target (and its proxies row).
    assertThat(Http.delete(store.apiUrl() + "/meshes/default/dataplanes/web-1").status()).isEqualTo(200);
    assertThat(eventually(() -> !targets().containsKey("web-1"))).isTrue();
    assertThat(targets().keySet()).containsExactly("edge-1");
    assertThat(eventually(() -> exposition().value("atrium_metrics_sd_targets") == 1)).isTrue();
    assertThat(scrape(metrics.url())).doesNotContain("service=\"web\"");
  }

  @Test
  void aPrometheusWithOnlyTheDiscoveryScrapesEveryProxyAndService() throws Exception {
    KubeApiServer kube = track(KubeApiServer.start());
    WebhookCertificates certs = WebhookCertificates.create(dir.resolve("webhook-pki"));
    WebhookProcess webhook = track(new WebhookProcess(kube, store, certs, dir.resolve("webhook")).logLevel("INFO").start());
    metrics.controlPlaneTargets("resource-store=" + authority(store.apiUrl()), "xds-server=https://" + authority(xds.url()),
        "admission-webhook=" + authority(webhook.managementUrl()), metrics.selfTarget()).start();
    Proxies p = gatewayAndSidecar();
    PrometheusServer prometheus = track(PrometheusServer.start(dir.resolve("prometheus"),
        PrometheusServer.httpServiceDiscoveryConfig("atrium", metrics.discoveryUrl(), Duration.ofSeconds(1),
        xds.caFile())));

    // Every proxy and every service, found through discovery alone and scraped successfully.
    Map<String, String> expected = Map.of("dataplane/edge-1", "up", "dataplane/web-1", "up", "component/resource-store", "up",
        "component/xds-server", "up", "component/admission-webhook", "up", "component/metrics", "up");
    eventually(() -> health(prometheus).equals(expected), Duration.ofSeconds(60));
    assertThat(health(prometheus)).isEqualTo(expected);
    JsonNode gatewayTarget = prometheus.activeTargets().stream()
        .filter(t -> t.at("/labels/dataplane").asText().equals("edge-1")).findFirst().orElseThrow();
    assertThat(gatewayTarget.at("/labels/mesh").asText()).isEqualTo("default");
    assertThat(gatewayTarget.at("/labels/service").asText()).isEqualTo("edge");
    assertThat(gatewayTarget.at("/labels/gateway_type").asText()).isEqualTo("builtin");
    assertThat(gatewayTarget.at("/scrapeUrl").asText()).isEqualTo("http://127.0.0.1:" + p.gatewayMetricsPort() + "/stats");

    // Traffic through the gateway, then the query an operator's dashboard runs.
    String gatewayUrl = "http://127.0.0.1:" + p.listenerPort() + "/";
    assertThat(eventually(() -> Curl.run(gatewayUrl).status() == 200)).as("the gateway serves its route").isTrue();
    for (int i = 0; i < 50; i++) assertThat(Curl.run(gatewayUrl).status()).isEqualTo(200);
    String query = "sum by (mesh, service) (rate(envoy_http_downstream_rq_total[1m]))";
    assertThat(eventually(() -> rate(prometheus.query(query), "edge") > 0, Duration.ofSeconds(30)))
        .as("%s → %s", query, prometheus.query(query)).isTrue();
    JsonNode edge = prometheus.query(query).stream().filter(r -> r.at("/metric/service").asText().equals("edge"))
        .findFirst().orElseThrow();
    assertThat(fields(edge.path("metric"))).as("only the labels summed by").isEqualTo(Map.of("mesh", "default", "service", "edge"));
    // The sidecar behind the gateway saw the same requests on its inbound.
    assertThat(eventually(() -> rate(prometheus.query(query), "web") > 0, Duration.ofSeconds(30))).isTrue();

    // Every service's own metrics, as `curl URL | promtool check metrics` sees them.
    for (String service : List.of(store.apiUrl(), xds.url(), webhook.managementUrl(), metrics.url())) {
      Promtool.Check check = Promtool.checkMetrics(scrape(service));
      assertThat(check.clean()).as(service + ": " + check).isTrue();
    }
  }

  @Test
  void discoveryAnswersForOneMeshAndIsEmptyWithoutBackends() {
    metrics.start();
    put("/meshes/other", "type: Mesh\nname: other\n");
    put("/meshes/other/dataplanes/api-1", """
        type: Dataplane
        mesh: other
        name: api-1
        networking:
          address: 10.1.0.1
          inbound:
            - port: 8080
              tags: {kuma.io/service: api}
        metrics:
          type: prometheus
        """);
    put("/meshes/default/dataplanes/web-1", """
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 10.0.0.1
          inbound:
            - port: 8080
              tags: {kuma.io/service: web}
        """);
    assertThat(eventually(() -> targets().containsKey("api-1"))).isTrue();
    assertThat(targets().keySet()).as("web-1 has no metrics backend").containsExactly("api-1");
    Http.Reply other = Http.get(metrics.discoveryUrl() + "?mesh=other");
    assertThat(other.json().at("/0/targets/0").asText()).isEqualTo("10.1.0.1:5670");
    assertThat(Http.get(metrics.discoveryUrl() + "?mesh=default").json()).isEmpty();
  }

  private void put(String path, String yaml) {
    Http.Reply reply = Http.put(store.apiUrl() + path, yaml, "application/yaml");
    if (reply.status() / 100 != 2) throw new AssertionError("PUT " + path + " answered " + reply.status() + ": " + reply.body());
  }

  private void agent(String dataplaneYaml) throws Exception {
    int adminPort = Ports.free();
    Path file = Files.writeString(dir.resolve("dp-" + adminPort + ".yaml"), dataplaneYaml);
    DataplaneAgent agent = new DataplaneAgent(xds, file, adminPort, dir.resolve("agents"));
    started.add(agent);
    agent.start(Duration.ofSeconds(60));
  }

  private <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }

  /** The discovery document's target groups by their dataplane label. */
  private Map<String, JsonNode> targets() {
    Http.Reply reply = Http.get(metrics.discoveryUrl());
    Map<String, JsonNode> out = new TreeMap<>();
    if (reply.status() != 200) return out;
    for (JsonNode group : reply.json()) out.put(group.at("/labels/dataplane").asText(), group);
    return out;
  }

  private static Map<String, String> labels(JsonNode group) {
    return fields(group.path("labels"));
  }

  private static Map<String, String> fields(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** {@code /q/metrics} as curl fetches it (Accept: *}{@code /*). */
  private String scrape(String serviceUrl) {
    // The xds-server's port is HTTPS (its own CA); the other services' are plain HTTP.
    if (serviceUrl.startsWith("https:")) return Curl.run("--cacert", xds.caFile().toString(), serviceUrl + "/q/metrics").body();
    return Curl.run(serviceUrl + "/q/metrics").body();
  }

  /** The metrics service's own {@code /q/metrics}, parsed. */
  private Exposition exposition() {
    return Exposition.parse(scrape(metrics.url()));
  }

  /**
   * Each active target's health ({@code up}, or {@code down: <Prometheus's last error>}), keyed
   * {@code dataplane/NAME} or {@code component/NAME}.
   */
  private static Map<String, String> health(PrometheusServer prometheus) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode t : prometheus.activeTargets()) {
      JsonNode labels = t.path("labels");
      String key = labels.has("dataplane") ? "dataplane/" + labels.get("dataplane").asText()
          : "component/" + labels.path("component").asText();
      String error = t.path("lastError").asText();
      out.put(key, t.path("health").asText() + (error.isEmpty() ? "" : ": " + error));
    }
    return out;
  }

  /** The value of the result row whose {@code service} label is {@code service}; 0 when absent. */
  private static double rate(List<JsonNode> result, String service) {
    return result.stream().filter(r -> r.at("/metric/service").asText().equals(service))
        .mapToDouble(r -> Double.parseDouble(r.at("/value/1").asText())).findFirst().orElse(0);
  }

  private static String authority(String url) {
    return java.net.URI.create(url).getAuthority();
  }

  private static boolean eventually(BooleanSupplier condition) {
    return eventually(condition, Duration.ofSeconds(20));
  }

  private static boolean eventually(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return true;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
