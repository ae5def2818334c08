package dev.atrium.core.xds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.atrium.core.codec.Mappers;
import java.io.IOException;

/**
 * Envoy resources as Envoy's own YAML/JSON (proto field names, {@code @type} on every Any) — the form of
 * a MeshProxyPatch or ProxyTemplate {@code value} — read into protos and printed back. Only the message
 * types in {@link #TYPES} can sit in an Any: a value naming another is refused when the policy is
 * written, not sent to Envoy.
 */
public final class EnvoyYaml {
  private EnvoyYaml() {}

  /** Every type Atrium packs into an Any, and the HTTP and network filters a patch commonly adds. */
  public static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      // The xDS resources themselves (a ProxyTemplate's raw resources say their type with @type).
      .add(io.envoyproxy.envoy.config.listener.v3.Listener.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.udp.dns_filter.v3.DnsFilterConfig.getDescriptor())
      .add(io.envoyproxy.envoy.config.route.v3.RouteConfiguration.getDescriptor())
      .add(io.envoyproxy.envoy.config.cluster.v3.Cluster.getDescriptor())
      .add(io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.router.v3.Router.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.direct_response.v3.Config.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.local_ratelimit.v3.LocalRateLimit.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.health_check.event_sinks.file.v3.HealthCheckEventFileSink.getDescriptor())
      // What patches add most: header changes, Lua, CORS, buffering, health checks, gRPC-Web, metadata.
      .add(io.envoyproxy.envoy.extensions.filters.http.header_mutation.v3.HeaderMutation.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.health_check.v3.HealthCheck.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.grpc_web.v3.GrpcWeb.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.set_metadata.v3.Config.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.access_loggers.open_telemetry.v3.OpenTelemetryAccessLogConfig.getDescriptor())
      .build();

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().usingTypeRegistry(TYPES);
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(TYPES).preservingProtoFieldNames();

  /**
   * {@code yaml} read into {@code into}.
   *
   * @throws IllegalArgumentException with the reason (not YAML, an unknown field, an Any of an unknown type)
   */
  public static <B extends Message.Builder> B parse(String yaml, B into) {
    JsonNode tree;
    try {
      tree = Mappers.YAML.readTree(yaml == null ? "" : yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("not YAML: " + firstLine(e.getMessage()), e);
    }
    return fromJson(tree, into);
  }

  /** {@code json} (Envoy's JSON as a Jackson tree) read into {@code into}. */
  public static <B extends Message.Builder> B fromJson(JsonNode json, B into) {
    if (json == null || json.isMissingNode() || json.isNull()) return into;
    if (!json.isObject()) throw new IllegalArgumentException("expected an object, got " + json.getNodeType().name().toLowerCase());
    try {
      PARSER.merge(Mappers.JSON.writeValueAsString(json), into);
      return into;
    } catch (InvalidProtocolBufferException | JsonProcessingException e) {
      throw new IllegalArgumentException(firstLine(e.getMessage()), e);
    }
  }

  /** {@code message} as Envoy's JSON, a Jackson tree. */
  public static JsonNode toJson(Message message) {
    try {
      return Mappers.JSON.readTree(PRINTER.print(message));
    } catch (IOException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName() + ": " + e.getMessage(), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
