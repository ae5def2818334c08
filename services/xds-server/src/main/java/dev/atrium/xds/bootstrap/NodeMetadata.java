package dev.atrium.xds.bootstrap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import java.util.TreeMap;

/**
 * The Envoy bootstrap's {@code node.metadata}, with Kuma's keys ({@code pkg/core/xds/metadata.go},
 * filled as {@code pkg/xds/bootstrap/template_v3.go} fills them) from what the agent sent. Envoy
 * repeats it on every ADS stream, so it is how the control plane learns, per connection, what runs
 * there: the xds-server's insight writer reads {@code version} (the agent's and Envoy's, as the agent
 * found them) into the DataplaneInsight's subscription; {@code dataplane.resource} is present exactly
 * when the agent registered its Dataplane at bootstrap, as in Kuma.
 */
public final class NodeMetadata {
  private NodeMetadata() {}

  public static final String VERSION = "version";
  public static final String DATAPLANE_RESOURCE = "dataplane.resource";

  /** Envoy's admin address: loopback only, it can reconfigure and stop Envoy. */
  static final String ADMIN_ADDRESS = "127.0.0.1";

  static ObjectNode of(BootstrapRequest request, int adminPort) {
    ObjectNode m = Mappers.JSON.createObjectNode();
    // Always present in Kuma's bootstrap, empty when the agent sent nothing.
    version(m.putObject(VERSION), request.version());
    request.features().forEach(m.putArray("features")::add);
    m.put("workdir", orEmpty(request.workdir()));
    m.put("metricsCertPath", request.metricsResources() == null ? "" : orEmpty(request.metricsResources().certPath()));
    m.put("metricsKeyPath", request.metricsResources() == null ? "" : orEmpty(request.metricsResources().keyPath()));
    m.put("systemCaPath", orEmpty(request.systemCaPath()));
    m.put("ipv6Enabled", Boolean.TRUE.equals(request.ipv6Enabled()));
    m.put("spireAgent.socketPath", request.spireResources() == null ? "" : orEmpty(request.spireResources().socketPath()));
    // Present when there is something to say.
    if (request.registersDataplane()) m.put(DATAPLANE_RESOURCE, request.dataplaneResource());
    m.put("dataplane.admin.port", String.valueOf(adminPort));
    m.put("dataplane.admin.address", ADMIN_ADDRESS);
    if (positive(request.dnsPort())) m.put("dataplane.dns.port", String.valueOf(request.dnsPort()));
    if (positive(request.readinessPort())) {
      m.put("dataplane.readinessReporter.port", String.valueOf(request.readinessPort()));
    }
    // The wire name says "disabled", the meaning is "enabled" (Kuma keeps it so for mixed versions).
    if (Boolean.TRUE.equals(request.appProbeProxyDisabled())) m.put("dataplane.appProbeProxy.enabled", "true");
    m.put("dataplane.proxyType", request.effectiveProxyType());
    if (!request.dynamicMetadata().isEmpty()) {
      ObjectNode dynamic = m.putObject("dynamicMetadata");
      new TreeMap<>(request.dynamicMetadata()).forEach(dynamic::put);
    }
    if (request.dataplaneConfig() != null && request.dataplaneConfig().isObject()) {
      m.set("transparentProxy", request.dataplaneConfig());
    }
    if (request.otelEnv() != null && request.otelEnv().isObject()) m.set("otelEnvInventory", request.otelEnv());
    return m;
  }

  /** Kuma's Version message as jsonpb writes it: empty strings and false left out. */
  private static void version(ObjectNode out, BootstrapRequest.Version v) {
    ObjectNode kumaDp = out.putObject("kumaDp");
    ObjectNode envoy = out.putObject("envoy");
    if (v == null) return;
    if (v.kumaDp() != null) {
      putIfSet(kumaDp, "version", v.kumaDp().version());
      putIfSet(kumaDp, "gitTag", v.kumaDp().gitTag());
      putIfSet(kumaDp, "gitCommit", v.kumaDp().gitCommit());
      putIfSet(kumaDp, "buildDate", v.kumaDp().buildDate());
    }
    if (v.envoy() != null) {
      putIfSet(envoy, "version", v.envoy().version());
      putIfSet(envoy, "build", v.envoy().build());
      if (Boolean.TRUE.equals(v.envoy().kumaDpCompatible())) envoy.put("kumaDpCompatible", true);
    }
  }

  private static void putIfSet(ObjectNode o, String field, String value) {
    if (value != null && !value.isEmpty()) o.put(field, value);
  }

  private static boolean positive(Integer port) {
    return port != null && port > 0;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
