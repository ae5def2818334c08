package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.policy.Origin;
import java.util.List;
import java.util.Objects;

/**
 * Where a listener logs each request (HTTP) or connection (TCP), as the MeshAccessLogs (or the legacy
 * TrafficLog) that apply to it resolved: one Envoy access log per backend, in list order. Kuma's
 * {@code %KUMA_*%} placeholders are already replaced by this proxy's values and an absent format is
 * already Kuma's default line for the listener's protocol, so what is here goes to Envoy as is.
 *
 * @param setBy the policy entry whose backend list won
 */
public record AccessLogIr(List<Backend> backends, Origin setBy) {
  public AccessLogIr {
    backends = List.copyOf(backends);
    Objects.requireNonNull(setBy, "setBy");
  }

  public enum Type {
    /** Lines appended to {@code path}. */
    FILE,
    /**
     * Meant for a TCP collector at {@code address}. Kuma's kuma-dp forwards these; Atrium has no such
     * forwarder, so Envoy writes Kuma's record ({@code {"address": …, "message": …}}) to {@code path}
     * (its standard output), where a log shipper can pick it up.
     */
    TCP,
    /** OTLP/gRPC log records sent to the collector at {@code address} (host:port) through {@code cluster}. */
    OPEN_TELEMETRY
  }

  /**
   * One access log.
   *
   * @param path FILE and TCP: the file Envoy appends to
   * @param address TCP: the collector's address; OPEN_TELEMETRY: the collector's host:port
   * @param cluster OPEN_TELEMETRY: the cluster reaching the collector
   * @param format FILE and TCP: the line (or JSON) Envoy writes
   * @param attributes OPEN_TELEMETRY: the log record's attributes (values are Envoy command operators)
   * @param bodyJson OPEN_TELEMETRY: the log record's body, an OTLP AnyValue in proto JSON
   * @param resourceAttributes OPEN_TELEMETRY: attributes of the proxy sending (Kuma's {@code kuma.mesh})
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Backend(Type type, String path, String address, String cluster, LogFormat format,
      List<KeyValue> attributes, String bodyJson, List<KeyValue> resourceAttributes) {
    public Backend {
      Objects.requireNonNull(type, "type");
      attributes = attributes == null ? List.of() : List.copyOf(attributes);
      resourceAttributes = resourceAttributes == null ? List.of() : List.copyOf(resourceAttributes);
    }

    public static Backend file(String path, LogFormat format) {
      return new Backend(Type.FILE, path, null, null, format, List.of(), null, List.of());
    }
  }

  /**
   * A log line: a text template ({@code plain}, ending in a newline) or JSON fields ({@code json}),
   * each an Envoy substitution format.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record LogFormat(String plain, List<KeyValue> json, boolean omitEmptyValues) {
    public LogFormat {
      json = json == null ? List.of() : List.copyOf(json);
      if ((plain == null) == json.isEmpty()) throw new IllegalArgumentException("a log format is plain text or JSON fields");
    }
  }

  public record KeyValue(String key, String value) {}
}
