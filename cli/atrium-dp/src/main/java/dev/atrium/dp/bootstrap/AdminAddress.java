package dev.atrium.dp.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import java.net.InetSocketAddress;

/**
 * Where Envoy's admin listens: the bootstrap's {@code admin.address}, as the control plane wrote it.
 * Not simply the port atrium-dp asked for, because the control plane lets the Dataplane's
 * {@code networking.admin.port} win, and with {@code --name} atrium-dp never sees the Dataplane.
 */
public final class AdminAddress {
  private AdminAddress() {}

  /** The bootstrap's admin address; {@code 127.0.0.1:requested} if the bootstrap names none. */
  public static InetSocketAddress of(String bootstrapYaml, int requested) {
    JsonNode socket;
    try {
      socket = Mappers.YAML.readTree(bootstrapYaml).path("admin").path("address").path("socket_address");
    } catch (JsonProcessingException e) {
      return InetSocketAddress.createUnresolved("127.0.0.1", requested);
    }
    String host = socket.path("address").asText("127.0.0.1");
    int port = socket.path("port_value").asInt(requested);
    return InetSocketAddress.createUnresolved(host.isEmpty() ? "127.0.0.1" : host, port > 0 ? port : requested);
  }
}
