package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import dev.atrium.core.ir.AccessLogIr;
import dev.atrium.core.ir.AccessLogIr.KeyValue;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.access_loggers.grpc.v3.CommonGrpcAccessLogConfig;
import io.envoyproxy.envoy.extensions.access_loggers.open_telemetry.v3.OpenTelemetryAccessLogConfig;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.List;

/**
 * A listener's access logs as Envoy access log entries, for its HTTP connection manager or TCP proxy:
 * a file log with a text or JSON format per FILE backend, the same for a TCP backend with Kuma's
 * {@code {"address", "message"}} record (written to Envoy's standard output), and an OpenTelemetry
 * log over gRPC per OPEN_TELEMETRY backend.
 */
final class AccessLogConfigurer {
  static final String FILE_LOGGER = "envoy.access_loggers.file";
  static final String OTEL_LOGGER = "envoy.access_loggers.open_telemetry";
  /** Kuma's log name for MeshAccessLog's OpenTelemetry stream. */
  static final String OTEL_LOG_NAME = "MeshAccessLog";

  private AccessLogConfigurer() {}

  static List<AccessLog> accessLogs(AccessLogIr ir) {
    if (ir == null) return List.of();
    return ir.backends().stream().map(AccessLogConfigurer::accessLog).toList();
  }

  private static AccessLog accessLog(AccessLogIr.Backend b) {
    return switch (b.type()) {
      case FILE -> AccessLog.newBuilder().setName(FILE_LOGGER).setTypedConfig(Any.pack(FileAccessLog.newBuilder()
          .setPath(b.path()).setLogFormat(format(b.format())).build())).build();
      case TCP -> AccessLog.newBuilder().setName(FILE_LOGGER).setTypedConfig(Any.pack(FileAccessLog.newBuilder()
          .setPath(b.path()).setLogFormat(tcpRecord(b)).build())).build();
      case OPEN_TELEMETRY -> AccessLog.newBuilder().setName(OTEL_LOGGER).setTypedConfig(Any.pack(otel(b))).build();
    };
  }

  static SubstitutionFormatString format(AccessLogIr.LogFormat f) {
    SubstitutionFormatString.Builder out = SubstitutionFormatString.newBuilder().setOmitEmptyValues(f.omitEmptyValues());
    if (f.plain() != null) {
      out.setTextFormatSource(DataSource.newBuilder().setInlineString(f.plain()));
    } else {
      out.setJsonFormat(fields(f.json()));
    }
    return out.build();
  }

  /** Kuma's record for its TCP forwarder: the collector's address and the message, a string or JSON fields. */
  private static SubstitutionFormatString tcpRecord(AccessLogIr.Backend b) {
    AccessLogIr.LogFormat f = b.format();
    Value message = f.plain() != null ? Value.newBuilder().setStringValue(f.plain()).build()
        : Value.newBuilder().setStructValue(fields(f.json())).build();
    return SubstitutionFormatString.newBuilder().setOmitEmptyValues(f.omitEmptyValues())
        .setJsonFormat(Struct.newBuilder()
            .putFields("address", Value.newBuilder().setStringValue(b.address()).build())
            .putFields("message", message))
        .build();
  }

  private static Struct fields(List<KeyValue> json) {
    Struct.Builder s = Struct.newBuilder();
    json.forEach(kv -> s.putFields(kv.key(), Value.newBuilder().setStringValue(kv.value()).build()));
    return s.build();
  }

  private static OpenTelemetryAccessLogConfig otel(AccessLogIr.Backend b) {
    return OpenTelemetryAccessLogConfig.newBuilder()
        .setCommonConfig(CommonGrpcAccessLogConfig.newBuilder()
            .setLogName(OTEL_LOG_NAME)
            .setTransportApiVersion(ApiVersion.V3)
            .setGrpcService(GrpcService.newBuilder().setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder().setClusterName(b.cluster()))))
        .setBody(body(b.bodyJson()))
        .setAttributes(keyValues(b.attributes()))
        .setResourceAttributes(keyValues(b.resourceAttributes()))
        .build();
  }

  private static KeyValueList keyValues(List<KeyValue> list) {
    KeyValueList.Builder out = KeyValueList.newBuilder();
    list.forEach(kv -> out.addValues(io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
        .setKey(kv.key()).setValue(AnyValue.newBuilder().setStringValue(kv.value()))));
    return out.build();
  }

  /** An OTLP AnyValue in proto JSON ({@code {"stringValue": …}}, {@code {"kvlistValue": …}}…); anything else is sent as its text, as Kuma does. */
  static AnyValue body(String json) {
    try {
      return anyValue(JSON.readTree(json));
    } catch (java.io.IOException | IllegalArgumentException e) {
      return AnyValue.newBuilder().setStringValue(json).build();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static AnyValue anyValue(JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1) throw new IllegalArgumentException("not an AnyValue");
    Map.Entry<String, JsonNode> only = node.fields().next();
    JsonNode v = only.getValue();
    AnyValue.Builder out = AnyValue.newBuilder();
    switch (only.getKey()) {
      case "stringValue", "string_value" -> out.setStringValue(text(v));
      case "boolValue", "bool_value" -> out.setBoolValue(v.asBoolean());
      case "intValue", "int_value" -> out.setIntValue(Long.parseLong(v.asText()));
      case "doubleValue", "double_value" -> out.setDoubleValue(Double.parseDouble(v.asText()));
      case "arrayValue", "array_value" -> {
        io.opentelemetry.proto.common.v1.ArrayValue.Builder array = io.opentelemetry.proto.common.v1.ArrayValue.newBuilder();
        for (JsonNode item : v.path("values")) array.addValues(anyValue(item));
        out.setArrayValue(array);
      }
      case "kvlistValue", "kvlist_value" -> {
        KeyValueList.Builder list = KeyValueList.newBuilder();
        for (Iterator<JsonNode> it = v.path("values").elements(); it.hasNext(); ) {
          JsonNode kv = it.next();
          list.addValues(io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
              .setKey(text(kv.path("key"))).setValue(anyValue(kv.path("value"))));
        }
        out.setKvlistValue(list);
      }
      default -> throw new IllegalArgumentException("not an AnyValue field: " + only.getKey());
    }
    return out.build();
  }

  private static String text(JsonNode v) {
    if (!v.isTextual()) throw new IllegalArgumentException("not a string");
    return v.asText();
  }
}
