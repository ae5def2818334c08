package dev.atrium.xds.insight;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.atrium.core.model.insight.DataplaneInsightSpec.EnvoyVersion;
import dev.atrium.core.model.insight.DataplaneInsightSpec.KumaDpVersion;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Status;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Subscription;
import dev.atrium.core.model.insight.DataplaneInsightSpec.TypeStats;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Version;
import dev.atrium.core.xds.XdsTypes;
import dev.atrium.xds.ads.TypeStatus;
import io.envoyproxy.envoy.config.core.v3.BuildVersion;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * This server's view of one proxy connection as Kuma's subscription, and how a new subscription joins
 * the stored ones. Pure functions of their arguments.
 */
final class Subscriptions {
  private Subscriptions() {}

  /**
   * One ADS connection as it began. The per-type counters of ProxyStatus live as long as this server
   * knows the proxy, so the counters at connect are kept and subtracted: a subscription counts only its
   * own responses, as in Kuma, and an old rejection does not follow the proxy into its next connection.
   */
  record Connection(String id, String controlPlaneInstanceId, Instant connectTime, Map<String, TypeStatus> baseline,
      Version version) {}

  /** The subscription for {@code connection}, given the proxy's current per-type status. */
  static Subscription of(Connection connection, Map<String, TypeStatus> types, Instant disconnectTime) {
    Map<String, TypeStats> byType = new LinkedHashMap<>();
    Instant lastUpdate = null;
    long sent = 0;
    long acked = 0;
    long rejected = 0;
    for (TypeStatus now : types.values()) {
      TypeStatus before = connection.baseline().get(now.typeUrl());
      TypeStats stats = since(before, now);
      if (stats == null) continue;
      byType.put(now.typeUrl(), stats);
      sent += stats.responsesSent();
      acked += stats.responsesAcknowledged();
      rejected += stats.responsesRejected();
      if (stats.responsesAcknowledged() > 0) lastUpdate = latest(lastUpdate, now.ackedAt());
      if (stats.responsesRejected() > 0) lastUpdate = latest(lastUpdate, now.nackedAt());
    }
    Status status = new Status(text(lastUpdate), TypeStats.counters(sent, acked, rejected),
        byType.get(XdsTypes.CLUSTER), byType.get(XdsTypes.ENDPOINT), byType.get(XdsTypes.LISTENER),
        byType.get(XdsTypes.ROUTE));
    return new Subscription(connection.id(), connection.controlPlaneInstanceId(), text(connection.connectTime()),
        text(disconnectTime), status, connection.version(), null);
  }

  /** One type's counters since the connection began, with what it accepted and rejected; null if untouched. */
  static TypeStats since(TypeStatus before, TypeStatus now) {
    long sent = Math.max(0, now.responsesSent() - (before == null ? 0 : before.responsesSent()));
    long acks = Math.max(0, now.acks() - (before == null ? 0 : before.acks()));
    long nacks = Math.max(0, now.nacks() - (before == null ? 0 : before.nacks()));
    if (sent == 0 && acks == 0 && nacks == 0) return null;
    boolean rejected = nacks > 0;
    return new TypeStats(sent, acks, nacks,
        acks > 0 ? emptyToNull(now.ackedVersion()) : null,
        rejected ? emptyToNull(now.nackedVersion()) : null,
        rejected ? emptyToNull(now.nackError()) : null,
        rejected ? text(now.nackedAt()) : null);
  }

  /**
   * The stored subscriptions with {@code updates} applied: a known id is replaced in place, a new one
   * appended; then only the newest {@code limit} are kept. A proxy holds one ADS stream at a time, so
   * a subscription still marked connected when a newer one exists belongs to a server that went away
   * without recording the disconnect: it is closed at the newer one's connect time.
   */
  static List<Subscription> merge(List<Subscription> stored, List<Subscription> updates, int limit) {
    Map<String, Subscription> byId = new LinkedHashMap<>();
    stored.forEach(s -> byId.put(s.id(), s));
    updates.forEach(s -> byId.put(s.id(), s));
    List<Subscription> all = new ArrayList<>(byId.values());
    for (int i = 0; i < all.size() - 1; i++) {
      if (all.get(i).connected()) all.set(i, all.get(i).withDisconnectTime(all.get(i + 1).connectTime()));
    }
    return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(1, limit)), all.size()));
  }

  /**
   * The versions of the agent and of Envoy, as Kuma reads them: from the node metadata's {@code version}
   * (what the agent sent in its bootstrap request — kuma-dp's or atrium-dp's own version, and what
   * {@code envoy --version} said); Envoy's version falls back to what Envoy itself reports in the node
   * ({@code user_agent_build_version}) for a proxy whose agent sent none.
   */
  static Version version(Node node) {
    Struct reported = struct(node.getMetadata().getFieldsMap().get("version"));
    KumaDpVersion agent = null;
    Struct kumaDp = struct(reported, "kumaDp");
    if (kumaDp != null && kumaDp.getFieldsCount() > 0) {
      Map<String, Value> f = kumaDp.getFieldsMap();
      agent = new KumaDpVersion(emptyToNull(str(f.get("version"))), emptyToNull(str(f.get("gitTag"))),
          emptyToNull(str(f.get("gitCommit"))), emptyToNull(str(f.get("buildDate"))), null);
    }
    EnvoyVersion envoy = null;
    Struct envoyReported = struct(reported, "envoy");
    if (envoyReported != null && !str(envoyReported.getFieldsMap().get("version")).isEmpty()) {
      Map<String, Value> f = envoyReported.getFieldsMap();
      Value compatible = f.get("kumaDpCompatible");
      envoy = new EnvoyVersion(str(f.get("version")), emptyToNull(str(f.get("build"))),
          compatible != null && compatible.hasBoolValue() && compatible.getBoolValue() ? Boolean.TRUE : null);
    } else if (node.hasUserAgentBuildVersion()) {
      BuildVersion b = node.getUserAgentBuildVersion();
      String version = b.getVersion().getMajorNumber() + "." + b.getVersion().getMinorNumber() + "."
          + b.getVersion().getPatch();
      // The same layout as `envoy --version` prints and Kuma shows: sha/version/status/type/ssl.
      Map<String, Value> m = b.getMetadata().getFieldsMap();
      String build = Stream.of(str(m.get("revision.sha")), version, str(m.get("revision.status")),
              str(m.get("build.type")), str(m.get("ssl.version")))
          .collect(Collectors.joining("/"));
      envoy = new EnvoyVersion(version, b.getMetadata().getFieldsCount() == 0 ? null : build, null);
    } else if (!node.getUserAgentVersion().isEmpty()) {
      envoy = new EnvoyVersion(node.getUserAgentVersion(), null, null);
    }
    return envoy == null && agent == null ? null : new Version(agent, envoy, null);
  }

  private static Struct struct(Value v) {
    return v != null && v.hasStructValue() ? v.getStructValue() : null;
  }

  private static Struct struct(Struct s, String field) {
    return s == null ? null : struct(s.getFieldsMap().get(field));
  }

  private static String str(Value v) {
    return v != null && v.hasStringValue() ? v.getStringValue() : "";
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) return b;
    return b == null || a.isAfter(b) ? a : b;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
