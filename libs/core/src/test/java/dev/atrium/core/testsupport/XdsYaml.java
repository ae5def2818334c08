package dev.atrium.core.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.atrium.core.codec.Mappers;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Envoy protos as Envoy's own JSON/YAML (proto field names, {@code @type} on every Any), the form
 * Envoy's docs and {@code config_dump} use: for golden files and for the bootstrap given to Envoy.
 */
public final class XdsYaml {
  private XdsYaml() {}

  /**
   * Every message type Atrium packs into an Any (and the test bootstrap's HTTP/2 options); printing
   * fails loudly on one missing here.
   */
  public static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(HttpConnectionManager.getDescriptor())
      .add(Router.getDescriptor())
      .add(TcpProxy.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.direct_response.v3.Config.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.access_loggers.open_telemetry.v3.OpenTelemetryAccessLogConfig.getDescriptor())
      .add(HttpProtocolOptions.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.local_ratelimit.v3.LocalRateLimit.getDescriptor())
      .build();

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
      .usingTypeRegistry(TYPES)
      .preservingProtoFieldNames();

  public static String json(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
    }
  }

  /** A YAML list of {@code resources}, each as Envoy's JSON would have it. */
  public static String yaml(List<? extends Message> resources) {
    try {
      ArrayNode list = Mappers.JSON.createArrayNode();
      for (Message m : resources) list.add(Mappers.JSON.readTree(json(m)));
      return resources.isEmpty() ? "[]\n" : Mappers.YAML.writeValueAsString(list);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode tree(Message message) {
    try {
      return Mappers.JSON.readTree(json(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
