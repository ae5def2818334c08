package dev.atrium.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.e2e.Curl;
import dev.atrium.e2e.Http;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.MetricsProcess;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import dev.atrium.testing.prometheus.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics service with the rest of the control plane as real processes and real Envoys through
 * atrium-dp: a builtin gateway (its own metrics port and path) and a sidecar (the Mesh's backend).
 * Prometheus's HTTP service discovery lists both with their labels; each Envoy answers on that
 * address and path with its {@code envoy_} stats; the mesh gauges count them online; the metrics
 * service's and the xds-server's {@code /q/metrics} pass {@code promtool check metrics}; deleting a
 * Dataplane removes its target.
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
    metrics = new MetricsProcess(store, dir.resolve("metrics")).start();
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
    for (AutoCloseable p : new AutoCloseable[] {metrics, xds, store}) {
      if (p != null) p.close();
    }
  }

  @Test
  void discoveryGaugesAndStatsOfAGatewayAndASidecar() throws Exception {
    int meshMetricsPort = Ports.free();
    int gatewayMetricsPort = Ports.free();
    int listenerPort = Ports.free();
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
        """.formatted(meshMetricsPort));
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
        """.formatted(listenerPort));
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
        """.formatted(gatewayMetricsPort));
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

    // Discovery: both proxies, with the gateway's own port and path and the Mesh's for the sidecar.
    assertThat(eventually(() -> targets().size() == 2)).as(Http.get(metrics.discoveryUrl()).body()).isTrue();
    Map<String, JsonNode> byDataplane = targets();
    JsonNode gateway = byDataplane.get("edge-1");
    assertThat(gateway.at("/targets/0").asText()).isEqualTo("127.0.0.1:" + gatewayMetricsPort);
    assertThat(labels(gateway)).isEqualTo(Map.of("__metrics_path__", "/stats", "mesh", "default", "dataplane", "edge-1",
        "service", "edge", "gateway_type", "builtin"));
    JsonNode sidecar = byDataplane.get("web-1");
    assertThat(sidecar.at("/targets/0").asText()).isEqualTo("127.0.0.1:" + meshMetricsPort);
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
    assertThat(eventually(() -> sample(scrape(metrics.url()),
        "atrium_mesh_proxies{gateway_type=\"none\",mesh=\"default\",service=\"web\",status=\"online\"}") == 1))
        .as(scrape(metrics.url())).isTrue();
    String text = scrape(metrics.url());
    assertThat(sample(text, "atrium_mesh_proxies{gateway_type=\"builtin\",mesh=\"default\",service=\"edge\",status=\"online\"}"))
        .isEqualTo(1);
    assertThat(sample(text, "atrium_mesh_gateways{gateway_type=\"builtin\",mesh=\"default\"}")).isEqualTo(1);
    assertThat(sample(text, "atrium_mesh_gateways{gateway_type=\"delegated\",mesh=\"default\"}")).isEqualTo(0);
    assertThat(sample(text, "atrium_gateway_listener_routes{gateway=\"edge\",hostname=\"*\",mesh=\"default\",port=\""
        + listenerPort + "\",protocol=\"HTTP\"}")).isEqualTo(1);
    assertThat(sample(text, "atrium_metrics_sd_targets")).isEqualTo(2);

    // Both services' own metrics, as `curl URL | promtool check metrics` sees them.
    for (String service : List.of(metrics.url(), xds.url())) {
      Promtool.Check check = Promtool.checkMetrics(scrape(service));
      assertThat(check.clean()).as(service + ": " + check).isTrue();
    }

    // Deleting a Dataplane removes its target (and its proxies row).
    assertThat(Http.delete(store.apiUrl() + "/meshes/default/dataplanes/web-1").status()).isEqualTo(200);
    assertThat(eventually(() -> !targets().containsKey("web-1"))).isTrue();
    assertThat(targets().keySet()).containsExactly("edge-1");
    assertThat(eventually(() -> sample(scrape(metrics.url()), "atrium_metrics_sd_targets") == 1)).isTrue();
    assertThat(scrape(metrics.url())).doesNotContain("service=\"web\"");
  }

  @Test
  void discoveryAnswersForOneMeshAndIsEmptyWithoutBackends() {
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
    DataplaneAgent agent = new DataplaneAgent(xds.url(), file, adminPort, dir.resolve("agents"));
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
    Map<String, String> out = new TreeMap<>();
    group.path("labels").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** {@code /q/metrics} as curl fetches it (Accept: *}{@code /*). */
  private static String scrape(String serviceUrl) {
    return Curl.run(serviceUrl + "/q/metrics").body();
  }

  /** The value of one sample (name and labels as printed, sorted), or -1 when absent. */
  private static double sample(String exposition, String sample) {
    exposition = exposition.replace(",}", "}"); // the 0.0.4 writer ends label lists with a comma
    Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
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
