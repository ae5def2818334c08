package dev.atrium.core.policy.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.ir.AccessLogIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.accesslog.TrafficLogSpec;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.policy.legacy.LegacyMatch;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.snapshot.KumaTags;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kuma's legacy TrafficLog on the IR: an outbound listener (a sidecar's or a delegated gateway's) logs
 * to the Mesh logging backend of the best TrafficLog whose sources match the proxy and whose
 * destinations match the service it reaches. A builtin gateway is Kuma's "Partial" support: one
 * listener forwards to many services, so Kuma picks the policy for its pass-through destination —
 * only TrafficLogs with destination {@code kuma.io/service: '*'} apply, sources matched against the
 * port's listener tags — and logs the destination as {@code *}. Inbounds get no TrafficLog (as in Kuma).
 */
final class TrafficLogPlugin implements PolicyPlugin {
  /** Kuma's name for "any destination not among the outbounds", which only {@code *} selects. */
  static final String PASS_THROUGH = "pass_through";

  @Override
  public ResourceKind kind() {
    return ResourceKind.TRAFFIC_LOG;
  }

  @Override
  public ListenerIr listener(ProxyPolicyContext ctx, ListenerIr listener) {
    if (listener.protocol() == Protocol.REFUSE) return listener;
    Optional<Resource> policy = switch (listener.direction()) {
      case GATEWAY -> best(ctx.mesh().all(ResourceKind.TRAFFIC_LOG), ctx.legacySources(listener), PASS_THROUGH);
      // A transparent proxy's passthrough (no service) takes the pass-through destination's policy, as in Kuma.
      case OUTBOUND -> best(ctx.mesh().all(ResourceKind.TRAFFIC_LOG), ctx.legacySources(),
          listener.service() == null ? PASS_THROUGH : listener.service());
      case INBOUND -> Optional.empty();
    };
    if (policy.isEmpty()) return listener;
    TrafficLogSpec spec = policy.get().specAs(TrafficLogSpec.class);
    String name = spec.conf() == null || spec.conf().backend() == null ? "" : spec.conf().backend();
    Optional<JsonNode> backend = meshBackend(ctx.mesh().mesh().specAs(MeshSpec.class).logging(), name);
    if (backend.isEmpty()) return listener;
    AccessLogs.Values values = AccessLogs.values(ctx, listener);
    String format = backend.get().path("format").asText("");
    var line = AccessLogs.plain(format.isEmpty() ? AccessLogs.defaultLine(listener) : format, false, values);
    JsonNode conf = backend.get().path("conf");
    AccessLogIr.Backend out = "tcp".equals(backend.get().path("type").asText())
        ? AccessLogs.tcp(conf.path("address").asText(), line)
        : AccessLogIr.Backend.file(conf.path("path").asText(), line);
    return AccessLogs.add(listener, List.of(out), new Origin(ResourceKind.TRAFFIC_LOG, policy.get().name(), "conf.backend"));
  }

  /**
   * Kuma's SelectConnectionPolicies for one destination: of the policies with a source matching one of
   * {@code sourceTags} (its best such rank), those with a destination matching the service; the
   * highest combined rank wins, then the newest; policies are visited by name.
   */
  static Optional<Resource> best(List<Resource> policies, List<Map<String, String>> sourceTags, String service) {
    return LegacyMatch.forDestination(policies, sourceTags, Map.of(KumaTags.SERVICE, service));
  }

  /** The Mesh's logging backend named {@code name}; an empty name: its default backend (Kuma's GetLoggingBackend). */
  static Optional<JsonNode> meshBackend(JsonNode logging, String name) {
    if (logging == null || logging.isNull()) return Optional.empty();
    String wanted = name.isEmpty() ? logging.path("defaultBackend").asText("") : name;
    JsonNode found = null;
    for (JsonNode b : logging.path("backends")) {
      if (b.path("name").asText("").equals(wanted)) found = b; // the last of a name wins, as in Kuma's map
    }
    return Optional.ofNullable(found);
  }
}
