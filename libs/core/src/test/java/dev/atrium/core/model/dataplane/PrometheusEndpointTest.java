package dev.atrium.core.model.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.mesh.MeshSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Kuma's rules for where a proxy's stats are: the Dataplane's backend, else the Mesh's enabled one, then defaults. */
class PrometheusEndpointTest {
  private static final String MESH_WITH_METRICS = """
      type: Mesh
      name: default
      metrics:
        enabledBackend: prom-1
        backends:
          - name: prom-0
            type: prometheus
            conf: {port: 1111}
          - name: prom-1
            type: prometheus
            conf:
              port: 5671
              path: /mesh-metrics
              skipMTLS: true
      """;

  @Test
  void noBackendAnywhereMeansNoEndpoint() {
    assertThat(endpoint("type: Mesh\nname: default\n", "")).isEmpty();
    assertThat(endpoint(null, "")).isEmpty();
  }

  @Test
  void theMeshsEnabledBackendApplies() {
    assertThat(endpoint(MESH_WITH_METRICS, "")).contains(new PrometheusEndpoint("10.0.0.1", 5671, "/mesh-metrics"));
  }

  @Test
  void kumasDefaultsFillAnEmptyConf() {
    String mesh = """
        type: Mesh
        name: default
        metrics:
          enabledBackend: prometheus-1
          backends:
            - name: prometheus-1
              type: prometheus
        """;
    assertThat(endpoint(mesh, "")).contains(new PrometheusEndpoint("10.0.0.1", 5670, "/metrics"));
  }

  @Test
  void theDataplaneOverridesFieldByField() {
    String own = """
        metrics:
          type: prometheus
          conf:
            port: 1234
        """;
    assertThat(endpoint(MESH_WITH_METRICS, own)).contains(new PrometheusEndpoint("10.0.0.1", 1234, "/mesh-metrics"));
    assertThat(endpoint(null, own)).contains(new PrometheusEndpoint("10.0.0.1", 1234, "/metrics"));
  }

  @Test
  void unusableValuesFallBackToTheDefaults() {
    String own = """
        metrics:
          type: prometheus
          conf:
            port: 70000
            path: no-slash
        """;
    assertThat(endpoint(null, own)).contains(new PrometheusEndpoint("10.0.0.1", 5670, "/metrics"));
  }

  @Test
  void aMeshBackendOfAnotherTypeOrAMissingNameIsNotEnabled() {
    assertThat(endpoint(MESH_WITH_METRICS.replace("enabledBackend: prom-1", "enabledBackend: nope"), "")).isEmpty();
    String otherType = """
        type: Mesh
        name: default
        metrics:
          enabledBackend: dd
          backends:
            - name: dd
              type: datadog
              conf: {port: 5671}
        """;
    assertThat(endpoint(otherType, "")).isEmpty();
  }

  @Test
  void ipv6AddressesAreBracketedInTheAuthority() {
    assertThat(new PrometheusEndpoint("fd00::1", 5670, "/metrics").authority()).isEqualTo("[fd00::1]:5670");
    assertThat(new PrometheusEndpoint("10.0.0.1", 5670, "/metrics").authority()).isEqualTo("10.0.0.1:5670");
  }

  private static Optional<PrometheusEndpoint> endpoint(String meshYaml, String dataplaneExtra) {
    MeshSpec mesh = meshYaml == null ? null : ResourceCodec.decode(meshYaml).specAs(MeshSpec.class);
    DataplaneSpec dp = ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 10.0.0.1
          inbound:
            - port: 8080
              tags: {kuma.io/service: web}
        """ + dataplaneExtra).specAs(DataplaneSpec.class);
    return PrometheusEndpoint.of(mesh, dp);
  }
}
