package dev.atrium.xds.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.testing.envoy.EnvoyBinary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stats listener in the bootstrap: on the Dataplane's address and metrics port, only the metrics
 * path, rewritten to the admin's {@code /stats/prometheus}; a real Envoy accepts it. (tests/e2e
 * {@code metrics.MetricsE2ETest} scrapes it on a running proxy.)
 */
class PrometheusStatsListenerTest {
  @TempDir Path dir;

  @Test
  void theDataplanesOwnBackendGivesPortAndPath() throws Exception {
    Resource dp = dataplane("""
        metrics:
          type: prometheus
          conf:
            port: 15670
            path: /envoy-stats
        """);
    JsonNode bootstrap = parse(BootstrapGenerator.generate(dp, null, "127.0.0.1", 5678, 19901, false));

    JsonNode listener = bootstrap.at("/static_resources/listeners/0");
    assertThat(listener.path("name").asText()).isEqualTo("kuma:metrics:prometheus");
    assertThat(listener.at("/address/socket_address/address").asText()).isEqualTo("127.0.0.1");
    assertThat(listener.at("/address/socket_address/port_value").asInt()).isEqualTo(15670);
    JsonNode routes = listener.at("/filter_chains/0/filters/0/typed_config/route_config/virtual_hosts/0/routes");
    assertThat(routes).hasSize(1);
    assertThat(routes.at("/0/match/path").asText()).isEqualTo("/envoy-stats");
    assertThat(routes.at("/0/route/cluster").asText()).isEqualTo("kuma:envoy:admin");
    assertThat(routes.at("/0/route/prefix_rewrite").asText()).isEqualTo("/stats/prometheus");
    JsonNode admin = bootstrap.at("/static_resources/clusters/1");
    assertThat(admin.path("name").asText()).isEqualTo("kuma:envoy:admin");
    assertThat(admin.at("/load_assignment/endpoints/0/lb_endpoints/0/endpoint/address/socket_address/port_value").asInt())
        .isEqualTo(19901);
    assertEnvoyAccepts(BootstrapGenerator.generate(dp, null, "127.0.0.1", 5678, 19901, false));
  }

  @Test
  void theMeshsEnabledBackendGivesKumasDefaults() throws Exception {
    Resource mesh = ResourceCodec.decode("""
        type: Mesh
        name: default
        metrics:
          enabledBackend: prometheus-1
          backends:
            - name: prometheus-1
              type: prometheus
        """);
    String yaml = BootstrapGenerator.generate(dataplane(""), mesh, "127.0.0.1", 5678, 9901, true);
    JsonNode listener = parse(yaml).at("/static_resources/listeners/0");
    assertThat(listener.at("/address/socket_address/port_value").asInt()).isEqualTo(5670);
    assertThat(listener.at("/filter_chains/0/filters/0/typed_config/route_config/virtual_hosts/0/routes/0/match/path")
        .asText()).isEqualTo("/metrics");
    assertEnvoyAccepts(yaml);
  }

  @Test
  void noMetricsBackendNoListener() throws Exception {
    JsonNode bootstrap = parse(BootstrapGenerator.generate(dataplane(""), null, "127.0.0.1", 5678, 9901, false));
    assertThat(bootstrap.at("/static_resources/listeners").isMissingNode()).isTrue();
    assertThat(bootstrap.at("/static_resources/clusters")).hasSize(1);
  }

  private void assertEnvoyAccepts(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("bootstrap.yaml"), yaml);
    Process envoy = new ProcessBuilder(EnvoyBinary.path().toString(), "--mode", "validate", "-c", file.toString(),
        "--disable-hot-restart").redirectErrorStream(true).start();
    String out = new String(envoy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(envoy.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(envoy.exitValue()).as(out).isZero();
  }

  private static JsonNode parse(String yaml) throws Exception {
    return new YAMLMapper().readTree(yaml);
  }

  private static Resource dataplane(String extra) {
    return ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: 18080
              tags: {kuma.io/service: web}
        """ + extra);
  }
}
