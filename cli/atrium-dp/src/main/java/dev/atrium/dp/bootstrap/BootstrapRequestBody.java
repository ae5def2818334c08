package dev.atrium.dp.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.dp.envoy.EnvoyVersion;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The body of {@code POST /bootstrap}, shaped as kuma-dp 2.14 sends it (types/bootstrap_request.go),
 * so the xds-server reads one format from either agent. Only the fields Atrium uses are filled (the
 * dataplane token among them, when given); no DNS port, no access-log pipe feature (nothing
 * consumes it). The agent's version and Envoy's (from {@code envoy --version}) end up in the proxy's
 * insight, through the bootstrap's node metadata. {@code adminPort} is an Atrium addition.
 *
 * @param readinessPort atrium-dp's readiness port, 0 when off (Kuma's node metadata
 *     {@code dataplane.readinessReporter.port})
 */
public record BootstrapRequestBody(
    String mesh, String name, Resource dataplane, String agentVersion, EnvoyVersion envoy, boolean delta, Path workdir,
    int adminPort, int readinessPort, DataplaneToken token, String proxyType) {

  /** Kuma's proxy types: a Dataplane's proxy (sidecar or gateway), or a zone's ingress. */
  public static final String DATAPLANE = "dataplane";
  public static final String INGRESS = "ingress";

  public BootstrapRequestBody(String mesh, String name, Resource dataplane, String agentVersion, EnvoyVersion envoy,
      boolean delta, Path workdir, int adminPort, int readinessPort, DataplaneToken token) {
    this(mesh, name, dataplane, agentVersion, envoy, delta, workdir, adminPort, readinessPort, token, DATAPLANE);
  }

  public BootstrapRequestBody(String mesh, String name, Resource dataplane, String agentVersion, EnvoyVersion envoy,
      boolean delta, Path workdir, int adminPort, int readinessPort) {
    this(mesh, name, dataplane, agentVersion, envoy, delta, workdir, adminPort, readinessPort, DataplaneToken.NONE);
  }

  public BootstrapRequestBody(String mesh, String name, Resource dataplane, String agentVersion, EnvoyVersion envoy,
      boolean delta, Path workdir, int adminPort) {
    this(mesh, name, dataplane, agentVersion, envoy, delta, workdir, adminPort, 0);
  }

  /** A Dataplane the agent registers (universal). */
  public BootstrapRequestBody(Resource dataplane, String agentVersion, EnvoyVersion envoy, boolean delta, Path workdir,
      int adminPort) {
    this(dataplane.mesh(), dataplane.name(), dataplane, agentVersion, envoy, delta, workdir, adminPort, 0);
  }

  /** Hides the token: this record may end up in a log line. */
  @Override
  public String toString() {
    return "BootstrapRequestBody[" + mesh + "/" + name + ", " + token + "]";
  }

  /** Kuma's feature flag for Envoy's ADS in delta (incremental) mode. */
  public static final String FEATURE_DELTA_GRPC = "feature-delta-grpc";

  private static final ObjectMapper JSON = new ObjectMapper();

  public ObjectNode toTree() {
    ObjectNode body = JSON.createObjectNode();
    body.put("mesh", mesh);
    body.put("name", name);
    body.put("proxyType", proxyType == null ? DATAPLANE : proxyType);
    // kuma-dp sends both; the control plane needs the token itself (it goes into Envoy's ADS metadata).
    if (token != null && token.value() != null) body.put("dataplaneToken", token.value());
    if (token != null && token.path() != null) body.put("dataplaneTokenPath", token.path().toString());
    // A JSON string holding the resource, as kuma-dp sends it: the control plane upserts it. Without
    // it (Kubernetes) the control plane looks the Dataplane up, answering 404 until it exists.
    if (dataplane != null) body.put("dataplaneResource", ResourceCodec.toJson(dataplane));
    ObjectNode version = body.putObject("version");
    version.putObject("kumaDp").put("version", agentVersion);
    ObjectNode envoyVersion = version.putObject("envoy").put("version", envoy.version());
    if (envoy.build() != null) envoyVersion.put("build", envoy.build());
    if (readinessPort > 0) body.put("readinessPort", readinessPort);
    body.put("operatingSystem", System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT));
    var features = body.putArray("features");
    if (delta) features.add(FEATURE_DELTA_GRPC);
    body.put("workdir", workdir.toString());
    body.put("adminPort", adminPort);
    return body;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(toTree());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
