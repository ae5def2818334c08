package dev.atrium.ctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.Mappers;
import dev.atrium.core.status.GatewayStatus;
import dev.atrium.core.status.GatewayStatus.AttachedRoute;
import dev.atrium.core.status.GatewayStatus.BackendStatus;
import dev.atrium.core.status.GatewayStatus.ListenerStatus;
import dev.atrium.core.status.GatewayStatus.RouteProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code inspect meshgateway} printed from a fixed report. */
class GatewayStatusPrinterTest {

  static final GatewayStatus REPORT = new GatewayStatus("default", "edge", List.of("edge-1", "edge-2"),
      Map.of("kuma.io/service", "edge"), List.of(),
      List.of(
          new ListenerStatus(8080, "HTTP", "foo.example.com", Map.of("port", "http"),
              Map.of("kuma.io/service", "edge", "port", "http"), true, null,
              List.of(new AttachedRoute("MeshGatewayRoute", "web", List.of("foo.example.com"), List.of(
                  new BackendStatus("backend", null, 90, 2), new BackendStatus("backend-v2", null, 10, 0)))),
              List.of(new RouteProblem("MeshGatewayRoute", "redis", "protocol mismatch: it has tcp rules only, this listener is HTTP"))),
          new ListenerStatus(9000, "TCP", "*", Map.of(), Map.of("kuma.io/service", "edge"), false,
              "no route attaches to a listener on port 9000: Envoy gets no TCP listener until one does",
              List.of(), List.of())),
      List.of(new RouteProblem("MeshHTTPRoute", "lost", "attaches to no listener: no listener has tags {port: nope}")));

  @Test
  void textShowsEachListenerItsRoutesAndWhatWasRejected() {
    assertThat(new GatewayStatusPrinter(OutputFormat.TABLE).print(REPORT)).isEqualTo("""
        MeshGateway edge in mesh default
        Dataplanes: edge-1, edge-2
        Tags: kuma.io/service=edge

        LISTENER   PROTOCOL   HOSTNAME          TAGS        STATUS
        8080       HTTP       foo.example.com   port=http   served
            ROUTE   KIND               HOSTNAMES         BACKENDS
            web     MeshGatewayRoute   foo.example.com   backend:90 endpoints=2, backend-v2:10 endpoints=0
            REJECTED
                MeshGatewayRoute redis: protocol mismatch: it has tcp rules only, this listener is HTTP

        LISTENER   PROTOCOL   HOSTNAME   TAGS     STATUS
        9000       TCP        *          <none>   not served
            NOT SERVED: no route attaches to a listener on port 9000: Envoy gets no TCP listener until one does
            No routes attached.

        UNATTACHED
            MeshHTTPRoute lost: attaches to no listener: no listener has tags {port: nope}
        """);
  }

  @Test
  void notesAndAGatewayWithoutDataplanesAreSaid() {
    GatewayStatus none = new GatewayStatus("demo", "edge", List.of(), Map.of(), List.of("no gateway Dataplane registered"),
        List.of(), List.of());
    assertThat(new GatewayStatusPrinter(OutputFormat.TABLE).print(none)).isEqualTo("""
        MeshGateway edge in mesh demo
        Dataplanes: <none>
        Tags: <none>
        NOTE: no gateway Dataplane registered

        No listeners.
        """);
  }

  @Test
  void aSubsetBackendNamesItsCluster() {
    assertThat(GatewayStatusPrinter.backends(List.of(new BackendStatus("shop", "shop-canary-1a2b", 1, 3))))
        .isEqualTo("shop[shop-canary-1a2b]:1 endpoints=3");
  }

  @Test
  void yamlAndJsonPrintTheReportsRecords() throws Exception {
    String yaml = new GatewayStatusPrinter(OutputFormat.YAML).print(REPORT);
    assertThat(yaml).startsWith("mesh: default\ngateway: edge\n")
        .contains("reason: \"protocol mismatch: it has tcp rules only, this listener is HTTP\"")
        .contains("          - service: backend-v2\n            weight: 10\n            endpoints: 0\n");
    var json = Mappers.JSON.readTree(new GatewayStatusPrinter(OutputFormat.JSON).print(REPORT));
    assertThat(json.at("/listeners/0/routes/0/backends/0/endpoints").asInt()).isEqualTo(2);
    assertThat(json.at("/listeners/1/served").asBoolean(true)).isFalse();
    assertThat(json.at("/unattached/0/name").asText()).isEqualTo("lost");
  }
}
