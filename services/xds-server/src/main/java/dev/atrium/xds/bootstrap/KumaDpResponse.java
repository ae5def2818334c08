package dev.atrium.xds.bootstrap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The answer kuma-dp asks for with {@code accept: application/json} (Kuma's BootstrapResponse): the
 * Envoy bootstrap as base64 (Go encodes {@code []byte} so), and {@code kumaSidecarConfiguration} —
 * the Dataplane's address and no Corefile template (kuma-dp then uses its built-in one), and no
 * metrics to aggregate: Atrium serves Envoy's stats straight from the admin (PrometheusStatsListener),
 * so there is nothing for the agent to merge.
 */
public final class KumaDpResponse {
  private KumaDpResponse() {}

  public static ObjectNode of(String bootstrapYaml, Resource dataplane) {
    ObjectNode out = Mappers.JSON.createObjectNode();
    out.put("bootstrap", Base64.getEncoder().encodeToString(bootstrapYaml.getBytes(StandardCharsets.UTF_8)));
    ObjectNode sidecar = out.putObject("kumaSidecarConfiguration");
    String address = BootstrapGenerator.addressOf(dataplane);
    ObjectNode networking = sidecar.putObject("networking");
    networking.putNull("corefileTemplate");
    networking.put("address", address == null ? "" : address);
    sidecar.putObject("metrics").putArray("aggregate");
    return out;
  }
}
