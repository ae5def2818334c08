package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.AccessLogIr;
import dev.atrium.core.ir.AccessLogIr.KeyValue;
import dev.atrium.core.ir.AccessLogIr.LogFormat;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.snapshot.KumaTags;
import java.util.List;

/**
 * What MeshAccessLog and the legacy TrafficLog share: Kuma's default lines, its {@code %KUMA_*%}
 * placeholders (the control plane fills them, Envoy never sees them) and the proxy's values for them.
 */
final class AccessLogs {
  private AccessLogs() {}

  /** Kuma's default line for an HTTP listener (its field order, so existing log parsers keep working). */
  static final String DEFAULT_HTTP = "[%START_TIME%] %KUMA_MESH% \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%"
      + " %PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION%"
      + " %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\""
      + " \"%REQ(X-B3-TRACEID?X-DATADOG-TRACEID)%\" \"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\""
      + " \"%KUMA_SOURCE_SERVICE%\" \"%KUMA_DESTINATION_SERVICE%\" \"%KUMA_SOURCE_ADDRESS_WITHOUT_PORT%\""
      + " \"%UPSTREAM_HOST%\"";
  /** Kuma's default line for a TCP listener. */
  static final String DEFAULT_TCP = "[%START_TIME%] %RESPONSE_FLAGS% %KUMA_MESH%"
      + " %KUMA_SOURCE_ADDRESS_WITHOUT_PORT%(%KUMA_SOURCE_SERVICE%)->%UPSTREAM_HOST%(%KUMA_DESTINATION_SERVICE%)"
      + " took %DURATION%ms, sent %BYTES_SENT% bytes, received: %BYTES_RECEIVED% bytes";

  /** Where Atrium writes a Tcp backend's records: Envoy's standard output (no kuma-dp to forward them). */
  static final String TCP_BACKEND_PATH = "/dev/stdout";
  static final String INBOUND = "INBOUND";
  static final String OUTBOUND = "OUTBOUND";
  /** The caller or destination when the proxy cannot know it (Kuma's {@code unknown}). */
  static final String UNKNOWN = "unknown";

  /**
   * The values of Kuma's placeholders for one listener. Each one Kuma knows is replaced, the zone and
   * workload by nothing (Atrium has neither): Envoy refuses a format with an operator it does not know.
   */
  record Values(String mesh, String sourceService, String sourceIp, String destinationService, String direction) {
    String interpolate(String format) {
      return format
          .replace("%KUMA_TRAFFIC_DIRECTION%", direction)
          .replace("%KUMA_ZONE%", "")
          .replace("%KUMA_WORKLOAD%", "")
          .replace("%KUMA_SOURCE_ADDRESS_WITHOUT_PORT%", sourceIp)
          .replace("%KUMA_SOURCE_ADDRESS%", sourceIp + ":0")
          .replace("%KUMA_SOURCE_SERVICE%", sourceService)
          .replace("%KUMA_DESTINATION_SERVICE%", destinationService)
          .replace("%KUMA_MESH%", mesh);
    }
  }

  /**
   * Kuma's values for {@code listener}: at a builtin gateway and on outbounds the proxy is the source
   * (a gateway's destination is {@code *}: one listener serves many services); on an inbound the
   * caller is unknown and the inbound's service is the destination.
   */
  static Values values(ProxyPolicyContext ctx, ListenerIr listener) {
    String self = identifyingService(ctx.dataplane().specAs(DataplaneSpec.class));
    String ip = address(ctx.dataplane().specAs(DataplaneSpec.class));
    return switch (listener.direction()) {
      case GATEWAY -> new Values(ctx.mesh().name(), self, ip, "*", OUTBOUND);
      // An outbound without a service is a transparent proxy's passthrough: Kuma calls its destination "external".
      case OUTBOUND -> new Values(ctx.mesh().name(), self, ip, listener.service() == null ? "external" : listener.service(),
          OUTBOUND);
      case INBOUND -> new Values(ctx.mesh().name(), UNKNOWN, ip, listener.service() == null ? self : listener.service(),
          INBOUND);
    };
  }

  /** HTTP requests or TCP connections: an SNI listener's chains all terminate HTTP or all pass TCP. */
  static boolean httpBased(ListenerIr listener) {
    if (listener.protocol() == Protocol.HTTP) return true;
    if (listener.protocol() == Protocol.SNI) return listener.filterChains().stream().anyMatch(c -> c.route() != null);
    return false;
  }

  static String defaultLine(ListenerIr listener) {
    return httpBased(listener) ? DEFAULT_HTTP : DEFAULT_TCP;
  }

  /** A plain line as Envoy wants it: placeholders filled, one record per line. */
  static LogFormat plain(String template, boolean omitEmpty, Values values) {
    return new LogFormat(values.interpolate(template) + "\n", List.of(), omitEmpty);
  }

  static LogFormat json(List<KeyValue> fields, boolean omitEmpty, Values values) {
    return new LogFormat(null, fields.stream().map(f -> new KeyValue(f.key(), values.interpolate(f.value()))).toList(),
        omitEmpty);
  }

  /** Kuma's record for a TCP collector: the collector's address and the formatted message, as JSON. */
  static AccessLogIr.Backend tcp(String address, LogFormat message) {
    return new AccessLogIr.Backend(AccessLogIr.Type.TCP, TCP_BACKEND_PATH, address, null, message, List.of(), null, List.of());
  }

  /**
   * {@code listener} with {@code backends} logged too: a TrafficLog and MeshAccessLogs may both apply,
   * and each adds its own access logs (the first to set any stays the record's origin).
   */
  static ListenerIr add(ListenerIr listener, List<AccessLogIr.Backend> backends, dev.atrium.core.policy.Origin setBy) {
    AccessLogIr before = listener.policies().accessLog();
    List<AccessLogIr.Backend> all = new java.util.ArrayList<>(before == null ? List.of() : before.backends());
    all.addAll(backends);
    return listener.withPolicies(listener.policies().withAccessLog(
        new AccessLogIr(all, before == null ? setBy : before.setBy())));
  }

  /** The service the proxy speaks as: a gateway's kuma.io/service, else its first inbound's. */
  static String identifyingService(DataplaneSpec spec) {
    DataplaneSpec.Networking n = spec.networking();
    if (n == null) return UNKNOWN;
    if (n.gateway() != null && n.gateway().tags() != null && n.gateway().tags().containsKey(KumaTags.SERVICE)) {
      return n.gateway().tags().get(KumaTags.SERVICE);
    }
    return n.inbound().stream().map(DataplaneSpec.Inbound::tags).filter(t -> t != null && t.containsKey(KumaTags.SERVICE))
        .map(t -> t.get(KumaTags.SERVICE)).findFirst().orElse(UNKNOWN);
  }

  private static String address(DataplaneSpec spec) {
    return spec.networking() == null || spec.networking().address() == null ? "" : spec.networking().address();
  }

}
