package dev.atrium.xds.bootstrap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Kuma's bootstrap request (kuma-dp 2.14 sends it; atrium-dp too). Unknown fields are ignored on
 * purpose here: this is a wire format that newer agents extend.
 *
 * @param dataplaneResource the Dataplane as a JSON string, when the agent registers it (universal)
 * @param adminPort Envoy's admin port (an Atrium addition; Kuma reads it from the Dataplane)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BootstrapRequest(
    String mesh,
    String name,
    String proxyType,
    String dataplaneToken,
    String dataplaneResource,
    JsonNode version,
    List<String> features,
    String workdir,
    Integer adminPort) {

  public static final String FEATURE_DELTA = "feature-delta-grpc";

  public boolean wantsDelta() {
    return features != null && features.contains(FEATURE_DELTA);
  }
}
