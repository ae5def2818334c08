package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The xds-server's Prometheus metrics with a real Envoy connected: one active stream, pushes and
 * push-to-ACK times per type, generation times; a rejected listener counts as a NACK.
 */
class XdsMetricsE2ETest extends WithControlPlane {

  @Test
  void anEnvoyConnectedShowsInTheMetrics() throws Exception {
    EchoServer app = track(EchoServer.start("web"));
    registerApp("web-1", "web", app.port());
    int port = Ports.free();
    put("meshgateways", "edge", httpGateway("edge", port));
    DataplaneAgent gateway = agent(builtinGateway("edge-1", "edge"), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> gateway.admin().listenerNames().size() == 1)).isTrue();

    assertThat(Traffic.eventually(Duration.ofSeconds(5), () -> value(metrics(), "atrium_xds_delivery_seconds_count{type=\"lds\"}") >= 1))
        .as("push-to-ACK recorded for LDS").isTrue();
    String text = metrics();
    assertThat(value(text, "atrium_xds_streams_active")).isEqualTo(1.0);
    assertThat(value(text, "atrium_xds_pushes_total{type=\"lds\"}")).isGreaterThanOrEqualTo(1.0);
    assertThat(value(text, "atrium_xds_pushes_total{type=\"cds\"}")).isGreaterThanOrEqualTo(1.0);
    assertThat(value(text, "atrium_xds_generation_seconds_count{changed=\"true\"}")).isGreaterThanOrEqualTo(1.0);

    // A second listener on a port something else holds: Envoy rejects LDS, counted once.
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      put("meshgateways", "edge", """
          type: MeshGateway
          mesh: default
          name: edge
          selectors:
            - match: {kuma.io/service: edge}
          conf:
            listeners:
              - port: %d
                protocol: HTTP
              - port: %d
                protocol: HTTP
          """.formatted(port, taken.getLocalPort()));
      put("meshgatewayroutes", "web", """
          type: MeshGatewayRoute
          mesh: default
          name: web
          selectors:
            - match: {kuma.io/service: edge}
          conf:
            http:
              rules:
                - matches: [{path: {match: PREFIX, value: /}}]
                  backends: [{destination: {kuma.io/service: web}}]
          """);
      assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> value(metrics(), "atrium_xds_nacks_total{type=\"lds\"}") >= 1))
          .as("the rejected LDS is counted").isTrue();
    }
  }

  /** The exposition as {@code curl URL | promtool check metrics} sees it. */
  private String metrics() {
    return dev.atrium.e2e.Curl.run("--cacert", xds.caFile().toString(), xds.url() + "/q/metrics").body();
  }

  /** The value of one sample line (name with labels, as printed), or -1 when absent. */
  private static double value(String exposition, String sample) {
    exposition = exposition.replace(",}", "}"); // the older text format ends label lists with a comma
    Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
