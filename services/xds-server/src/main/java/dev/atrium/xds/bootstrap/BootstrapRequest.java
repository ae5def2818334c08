package dev.atrium.xds.bootstrap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Kuma's bootstrap request, every field kuma-dp 2.14 sends ({@code pkg/xds/bootstrap/types/
 * bootstrap_request.go}); atrium-dp sends the same shape. Unknown fields are ignored on purpose: this
 * is a wire format that newer agents extend. Fields Atrium only passes on to Envoy's node metadata
 * (where Kuma puts them) are kept as JSON.
 *
 * @param dataplaneToken the agent's dataplane token, which Envoy presents on ADS (initial metadata)
 * @param dataplaneTokenPath where the agent read its token from
 * @param dataplaneResource the Dataplane as a JSON string, when the agent registers it (universal)
 * @param caCert the CA the agent verifies the control plane with (PEM): the bootstrap's ADS cluster trusts it
 * @param dynamicMetadata e.g. {@code HOST_IP}, passed on as node metadata {@code dynamicMetadata}
 * @param otelEnv what the agent found of OpenTelemetry's environment, passed on as {@code otelEnvInventory}
 * @param appProbeProxyDisabled Kuma's wire name for "the application probe proxy is <em>enabled</em>"
 *     (kept inverted for compatibility since Kuma 2.9; see Kuma issue 13885)
 * @param resources {@code {maxHeapSizeBytes}} of the proxy
 * @param metricsResources {@code {certPath, keyPath}} for a TLS metrics endpoint
 * @param dataplaneConfig the transparent-proxy settings, passed on as {@code transparentProxy}
 * @param spireResources {@code {socketPath}} of a SPIRE agent
 * @param adminPort Envoy's admin port (an Atrium addition; Kuma reads it from the Dataplane)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BootstrapRequest(
    String mesh,
    String name,
    String proxyType,
    String dataplaneToken,
    String dataplaneTokenPath,
    String dataplaneResource,
    Version version,
    String caCert,
    Map<String, String> dynamicMetadata,
    JsonNode otelEnv,
    Integer dnsPort,
    Integer readinessPort,
    Boolean appProbeProxyDisabled,
    String operatingSystem,
    List<String> features,
    JsonNode resources,
    String workdir,
    MetricsResources metricsResources,
    String systemCaPath,
    JsonNode dataplaneConfig,
    Boolean ipv6Enabled,
    SpireResources spireResources,
    Integer adminPort) {

  public static final String FEATURE_DELTA = "feature-delta-grpc";
  /** Kuma's proxy type of a sidecar or gateway; "ingress" and "egress" are zone proxies. */
  public static final String DATAPLANE = "dataplane";
  /** A zone's ZoneIngress (kuma-dp run --proxy-type=ingress): no mesh, named by its ZoneIngress. */
  public static final String INGRESS = "ingress";

  public BootstrapRequest {
    features = features == null ? List.of() : List.copyOf(features);
    dynamicMetadata = dynamicMetadata == null ? Map.of() : Map.copyOf(dynamicMetadata);
  }

  /** A request naming only its proxy, as older atrium-dp builds and tests send. */
  public static BootstrapRequest of(String mesh, String name) {
    return new BootstrapRequest(mesh, name, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null);
  }

  /** This request with one more feature flag. */
  public BootstrapRequest withFeature(String feature) {
    List<String> more = new java.util.ArrayList<>(features);
    more.add(feature);
    return new BootstrapRequest(mesh, name, proxyType, dataplaneToken, dataplaneTokenPath, dataplaneResource, version,
        caCert, dynamicMetadata, otelEnv, dnsPort, readinessPort, appProbeProxyDisabled, operatingSystem, more,
        resources, workdir, metricsResources, systemCaPath, dataplaneConfig, ipv6Enabled, spireResources, adminPort);
  }

  /** Names the proxy only: the request carries its token, which must never reach a log. */
  @Override
  public String toString() {
    return "BootstrapRequest[mesh=" + mesh + ", name=" + name + ", proxyType=" + proxyType + "]";
  }

  public boolean wantsDelta() {
    return features.contains(FEATURE_DELTA);
  }

  /** Kuma's default when the agent sends none. */
  public String effectiveProxyType() {
    return proxyType == null || proxyType.isEmpty() ? DATAPLANE : proxyType;
  }

  public boolean registersDataplane() {
    return dataplaneResource != null && !dataplaneResource.isBlank();
  }

  /** What the agent reported of itself and of its Envoy. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Version(KumaDp kumaDp, Envoy envoy) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KumaDp(String version, String gitTag, String gitCommit, String buildDate) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Envoy(String version, String build, Boolean kumaDpCompatible) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MetricsResources(String certPath, String keyPath) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SpireResources(String socketPath) {}
}
