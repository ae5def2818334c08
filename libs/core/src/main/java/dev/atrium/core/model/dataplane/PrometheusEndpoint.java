package dev.atrium.core.model.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.mesh.MeshSpec;
import java.util.Optional;

/**
 * Where a proxy's Envoy serves its Prometheus stats, decided as Kuma decides it
 * ({@code DataplaneResource.GetPrometheusConfig}): the Dataplane's own {@code metrics} backend if it
 * has one, else the Mesh's enabled one ({@code metrics.enabledBackend} naming an entry of
 * {@code metrics.backends}); a {@code conf} field the Dataplane sets overrides the Mesh's. Kuma's Mesh
 * defaults fill the rest: port 5670, path {@code /metrics}. Only the {@code prometheus} type counts.
 *
 * <p>The endpoint is served on the Dataplane's {@code networking.address}; without one there is none.
 * A port or path that cannot be used (not 1–65535, not starting with {@code /}) falls back to the
 * default, as nothing validates {@code conf} yet.
 *
 * @param address the Dataplane's networking.address
 * @param port the port Envoy serves the stats on
 * @param path the HTTP path of the stats (Envoy's {@code /stats/prometheus} behind it)
 */
public record PrometheusEndpoint(String address, int port, String path) {
  public static final int DEFAULT_PORT = 5670;
  public static final String DEFAULT_PATH = "/metrics";
  public static final String PROMETHEUS = "prometheus";

  /** The stats endpoint of {@code dataplane} in a mesh whose spec is {@code mesh} (null: unknown, no Mesh defaults). */
  public static Optional<PrometheusEndpoint> of(MeshSpec mesh, DataplaneSpec dataplane) {
    if (dataplane == null || dataplane.networking() == null) return Optional.empty();
    String address = dataplane.networking().address();
    if (address == null || address.isBlank()) return Optional.empty();
    JsonNode meshConf = enabledMeshBackend(mesh);
    DataplaneSpec.Metrics own = dataplane.metrics();
    if (own != null && own.type() != null && !PROMETHEUS.equals(own.type())) return Optional.empty();
    if (own == null && meshConf == null) return Optional.empty();
    JsonNode dpConf = own == null ? null : own.conf();
    int port = port(dpConf).orElseGet(() -> port(meshConf).orElse(DEFAULT_PORT));
    String path = path(dpConf).orElseGet(() -> path(meshConf).orElse(DEFAULT_PATH));
    return Optional.of(new PrometheusEndpoint(address, port, path));
  }

  /** {@code address:port} as a URL authority (IPv6 in brackets). */
  public String authority() {
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
  }

  /** The {@code conf} of the Mesh's enabled backend when it is a prometheus one; null otherwise. */
  private static JsonNode enabledMeshBackend(MeshSpec mesh) {
    if (mesh == null || mesh.metrics() == null) return null;
    JsonNode metrics = mesh.metrics();
    String enabled = text(metrics, "enabledBackend", "enabled_backend");
    if (enabled == null || enabled.isEmpty()) return null;
    for (JsonNode backend : metrics.path("backends")) {
      if (!enabled.equals(backend.path("name").asText())) continue;
      String type = backend.path("type").asText(PROMETHEUS);
      if (!PROMETHEUS.equals(type)) return null;
      JsonNode conf = backend.path("conf");
      return conf.isObject() ? conf : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    return null;
  }

  private static Optional<Integer> port(JsonNode conf) {
    if (conf == null) return Optional.empty();
    JsonNode port = conf.path("port");
    if (!port.canConvertToInt() && !port.isTextual()) return Optional.empty();
    int value;
    try {
      value = port.isTextual() ? Integer.parseInt(port.asText().trim()) : port.asInt();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return value >= 1 && value <= 65535 ? Optional.of(value) : Optional.empty();
  }

  private static Optional<String> path(JsonNode conf) {
    if (conf == null) return Optional.empty();
    String path = conf.path("path").asText("");
    return path.startsWith("/") ? Optional.of(path) : Optional.empty();
  }

  private static String text(JsonNode node, String name, String alias) {
    JsonNode v = node.has(name) ? node.get(name) : node.get(alias);
    return v == null || v.isNull() ? null : v.asText();
  }
}
