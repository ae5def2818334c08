package dev.atrium.metrics.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import java.util.Collection;

/**
 * Prometheus's HTTP service discovery document ({@code http_sd_configs}): one target group per proxy,
 * {@code [{"targets":["10.0.0.1:5670"],"labels":{"__metrics_path__":"/metrics","mesh":…}}]}. Labels:
 * {@code mesh}, {@code dataplane}, {@code service} (the proxy's first), {@code gateway_type}
 * ({@code builtin}, {@code delegated}, {@code none}) and {@code __metrics_path__}, which Prometheus
 * uses as the scrape path and then drops.
 *
 * <p>The control plane's own services follow as one group each, labelled {@code component} (and
 * {@code __metrics_path__}) only, so queries on {@code mesh} never mix them with proxies.
 */
public final class HttpServiceDiscovery {
  private HttpServiceDiscovery() {}

  public static String json(Collection<ScrapeTarget> targets) {
    return json(targets, java.util.List.of());
  }

  public static String json(Collection<ScrapeTarget> targets, Collection<ControlPlaneTarget> controlPlane) {
    ArrayNode groups = Mappers.JSON.createArrayNode();
    for (ScrapeTarget t : targets) {
      ObjectNode group = groups.addObject();
      group.putArray("targets").add(t.endpoint().authority());
      ObjectNode labels = group.putObject("labels");
      labels.put("__metrics_path__", t.endpoint().path());
      labels.put("mesh", t.mesh());
      labels.put("dataplane", t.dataplane());
      labels.put("service", t.service());
      labels.put("gateway_type", t.gatewayType().label());
    }
    for (ControlPlaneTarget t : controlPlane) {
      ObjectNode group = groups.addObject();
      group.putArray("targets").add(t.authority());
      ObjectNode labels = group.putObject("labels");
      labels.put("__metrics_path__", t.path());
      labels.put("component", t.component());
      if (!t.scheme().equals("http")) labels.put("__scheme__", t.scheme());
    }
    return groups.toString();
  }
}
