package dev.atrium.core.policy.apply;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.atrium.core.ir.AccessLogIr;
import dev.atrium.core.ir.AccessLogIr.KeyValue;
import dev.atrium.core.ir.AccessLogIr.LogFormat;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.accesslog.MeshAccessLogSpec;
import dev.atrium.core.model.accesslog.MeshAccessLogSpec.Backend;
import dev.atrium.core.model.accesslog.MeshAccessLogSpec.Conf;
import dev.atrium.core.model.accesslog.MeshAccessLogSpec.Format;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.policy.PolicyKind;
import dev.atrium.core.snapshot.KumaTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MeshAccessLog on the IR: an access log belongs to a listener (Envoy's connection manager or TCP
 * proxy writes it). At a builtin gateway the {@code to: Mesh} entries of the policies selecting the
 * listener's port apply (one listener serves every destination), then the {@code from: Mesh} ones; on
 * a sidecar's or delegated gateway's outbound the {@code to} entries for the service it reaches; on a
 * sidecar inbound the {@code from: Mesh} entries of the policies selecting that inbound. Each side's
 * backends are added, as Kuma adds one access log per backend of each. {@code rules} are not applied
 * yet.
 */
final class MeshAccessLogPlugin implements PolicyPlugin {

  static final PolicyKind<MeshAccessLogSpec, Conf> KIND = new PolicyKind<>(ResourceKind.MESH_ACCESS_LOG,
      MeshAccessLogSpec.class, Conf.class, MeshAccessLogSpec::targetRef,
      s -> s.to().stream().map(t -> new PolicyKind.Targeted<>(t.targetRef(), t.defaultConf())).toList(),
      s -> s.from().stream().map(f -> new PolicyKind.Targeted<>(f.targetRef(), f.defaultConf())).toList());

  /** The cluster to an OpenTelemetry collector is named after its endpoint, one per endpoint per proxy. */
  static final String OTEL_CLUSTER_PREFIX = "meshaccesslog:opentelemetry:";

  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH_ACCESS_LOG;
  }

  @Override
  public ListenerIr listener(ProxyPolicyContext ctx, ListenerIr listener) {
    if (listener.protocol() == Protocol.REFUSE) return listener;
    AccessLogs.Values values = AccessLogs.values(ctx, listener);
    List<Side> sides = switch (listener.direction()) {
      case GATEWAY -> {
        var selecting = ctx.selectingPort(KIND, listener.port());
        // Kuma's from side at a gateway: the caller is unknown and the gateway is the destination.
        AccessLogs.Values inbound = new AccessLogs.Values(values.mesh(), AccessLogs.UNKNOWN, values.sourceIp(),
            values.sourceService(), AccessLogs.INBOUND);
        yield List.of(new Side(ctx.mergedTo(KIND, selecting, List.of(Map.of())), values),
            new Side(ctx.mergedFrom(KIND, selecting, Map.of()), inbound));
      }
      case OUTBOUND -> List.of(new Side(ctx.mergedTo(KIND, ctx.selecting(KIND),
          List.of(listener.service() == null ? Map.of() : Map.of(KumaTags.SERVICE, listener.service()))), values));
      case INBOUND -> List.of(new Side(ctx.mergedFrom(KIND, ctx.selectingInbound(KIND, listener), Map.of()), values));
    };
    List<AccessLogIr.Backend> backends = new ArrayList<>();
    Origin setBy = null;
    for (Side side : sides) {
      MergedConf<Conf> merged = side.conf();
      if (merged.isEmpty() || !merged.setBy().containsKey("backends") || merged.conf().get().backends() == null) continue;
      if (setBy == null) setBy = merged.setBy().get("backends");
      for (Backend b : merged.conf().get().backends()) {
        // An OpenTelemetry backend by backendRef needs MeshOpenTelemetryBackend, which Atrium does not serve.
        if ("OpenTelemetry".equals(b.type()) && (b.openTelemetry().endpoint() == null || b.openTelemetry().endpoint().isEmpty())) continue;
        backends.add(backend(b, AccessLogs.defaultLine(listener), side.values()));
      }
    }
    if (backends.isEmpty()) return listener;
    return AccessLogs.add(listener, backends, setBy);
  }

  /** One side's merged entries (to or from) and the placeholder values its lines use. */
  private record Side(MergedConf<Conf> conf, AccessLogs.Values values) {}

  static AccessLogIr.Backend backend(Backend b, String defaultLine, AccessLogs.Values values) {
    return switch (b.type()) {
      case "File" -> AccessLogIr.Backend.file(b.file().path(), format(b.file().format(), defaultLine, values));
      case "Tcp" -> AccessLogs.tcp(b.tcp().address(), format(b.tcp().format(), defaultLine, values));
      default -> otel(b.openTelemetry(), defaultLine, values);
    };
  }

  private static LogFormat format(Format f, String defaultLine, AccessLogs.Values values) {
    if (f == null) return AccessLogs.plain(defaultLine, false, values);
    boolean omitEmpty = Boolean.TRUE.equals(f.omitEmptyValues());
    if (f.plain() != null) return AccessLogs.plain(f.plain(), omitEmpty, values);
    return AccessLogs.json(f.json().stream().map(j -> new KeyValue(j.key(), j.value())).toList(), omitEmpty, values);
  }

  /** The body defaults to the listener's default line as a string value, as Kuma sends it. */
  private static AccessLogIr.Backend otel(MeshAccessLogSpec.OpenTelemetry o, String defaultLine, AccessLogs.Values values) {
    String body = o.body() == null || o.body().isNull()
        ? JsonNodeFactory.instance.objectNode().put("stringValue", values.interpolate(defaultLine)).toString()
        : values.interpolate(o.body().toString());
    List<KeyValue> attributes = o.attributes() == null ? List.of()
        : o.attributes().stream().map(a -> new KeyValue(a.key(), values.interpolate(a.value()))).toList();
    return new AccessLogIr.Backend(AccessLogIr.Type.OPEN_TELEMETRY, null, o.endpoint(),
        OTEL_CLUSTER_PREFIX + o.endpoint(), null, attributes, body, List.of(new KeyValue("kuma.mesh", values.mesh())));
  }
}
