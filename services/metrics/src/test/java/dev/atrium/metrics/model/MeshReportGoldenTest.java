package dev.atrium.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.metrics.meters.MeshMeters;
import dev.atrium.metrics.support.PrometheusMeterFilters;
import dev.atrium.metrics.support.TextFormatNegotiation;
import dev.atrium.testing.Golden;
import dev.atrium.testing.prometheus.Promtool;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code src/test/resources/mesh/<case>/in.yaml} (one mesh) → {@code sd.json} (the discovery document)
 * and {@code gauges.prom} (the mesh gauges as Prometheus reads them, sample lines sorted), and the
 * whole exposition is promtool-clean. {@code UPDATE_GOLDEN_FILES=true} rewrites the expected files.
 */
class MeshReportGoldenTest {
  private static final Path CASES = Path.of("src/test/resources/mesh");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(CASES)) {
      return dirs.map(d -> d.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void meshToDiscoveryAndGauges(String name) throws Exception {
    MeshSnapshot snapshot = snapshot(Files.readString(CASES.resolve(name).resolve("in.yaml")));
    ProxyReport proxies = ProxyReport.of(snapshot);
    List<ListenerRoutes> listeners = GatewayListeners.of(snapshot);

    String sd = Mappers.JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsString(Mappers.JSON.readTree(HttpServiceDiscovery.json(proxies.targets()))) + "\n";
    Golden.assertMatches(CASES.resolve(name).resolve("sd.json"), sd);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(PrometheusMeterFilters.all());
    new MeshMeters(registry).publish(proxies.proxies(), proxies.gateways(), listeners, proxies.targets().size());
    String exposition = registry.scrape(TextFormatNegotiation.TEXT_004);
    String gauges = exposition.lines()
        .filter(l -> l.contains("atrium_") && !l.contains("atrium_metrics_mesh_update"))
        .sorted().reduce("", (a, b) -> a + b + "\n");
    Golden.assertMatches(CASES.resolve(name).resolve("gauges.prom"), gauges);

    Promtool.Check check = Promtool.checkMetrics(exposition);
    assertThat(check.clean()).as(check.toString()).isTrue();
  }

  static MeshSnapshot snapshot(String yaml) {
    List<Resource> all = ResourceCodec.decodeAll(yaml);
    Resource mesh = all.stream().filter(r -> r.kind() == ResourceKind.MESH).findFirst().orElseThrow();
    return MeshSnapshot.of(mesh, all.stream().filter(r -> r.kind() != ResourceKind.MESH).toList());
  }
}
