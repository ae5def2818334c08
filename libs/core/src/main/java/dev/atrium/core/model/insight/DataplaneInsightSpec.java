package dev.atrium.core.model.insight;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.IntOrString;
import dev.atrium.core.model.ResourceSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the control plane saw of one proxy's ADS connections, in the shape of Kuma's DataplaneInsight
 * ({@code api/mesh/v1alpha1/dataplane_insight.proto}): one subscription per connection, newest last.
 * Written by the xds-server through the Store API; read-only for users. Named like its Dataplane.
 *
 * <p>Field names are Kuma's. Atrium's additions sit beside them in {@link TypeStats}: the version a
 * proxy last accepted, the one it last rejected and Envoy's error text, so that a NACKed config is
 * visible while the last good one stays in force. {@code mTLS} is Kuma's certificate record, written by
 * the xds-server when it issues a proxy certificate and read through {@link MtlsInsight}; it and
 * {@code metadata} are kept as JSON so that an insight exported from Kuma still reads.
 *
 * <p>Times are RFC 3339 strings as Kuma writes them; they are kept as text so that they survive a
 * round trip byte for byte.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DataplaneInsightSpec(
    List<Subscription> subscriptions,
    @JsonProperty("mTLS") JsonNode mTLS,
    JsonNode metadata) implements ResourceSpec {

  public DataplaneInsightSpec {
    subscriptions = Collect.list(subscriptions);
  }

  public static DataplaneInsightSpec of(List<Subscription> subscriptions) {
    return new DataplaneInsightSpec(subscriptions, null, null);
  }

  /** The newest subscription (Kuma appends, so the last one). */
  public Optional<Subscription> latest() {
    return subscriptions.isEmpty() ? Optional.empty() : Optional.of(subscriptions.get(subscriptions.size() - 1));
  }

  /** Kuma's "Online": some subscription has connected and not disconnected. */
  public boolean online() {
    return subscriptions.stream().anyMatch(Subscription::connected);
  }

  /** One ADS connection of the proxy to one control-plane instance. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Subscription(
      String id,
      @JsonAlias("control_plane_instance_id") String controlPlaneInstanceId,
      @JsonAlias("connect_time") String connectTime,
      @JsonAlias("disconnect_time") String disconnectTime,
      Status status,
      Version version,
      Long generation) {

    public boolean connected() {
      return connectTime != null && !connectTime.isEmpty() && (disconnectTime == null || disconnectTime.isEmpty());
    }

    public Subscription withDisconnectTime(String time) {
      return new Subscription(id, controlPlaneInstanceId, connectTime, time, status, version, generation);
    }
  }

  /** Kuma's DiscoverySubscriptionStatus: counters in total and per xDS type. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Status(
      @JsonAlias("last_update_time") String lastUpdateTime,
      TypeStats total,
      TypeStats cds,
      TypeStats eds,
      TypeStats lds,
      TypeStats rds) {

    /** The per-type stats in Kuma's order, skipping the absent ones. */
    public List<TypeStats> perType() {
      return java.util.stream.Stream.of(cds, eds, lds, rds).filter(java.util.Objects::nonNull).toList();
    }
  }

  /**
   * Kuma's DiscoveryServiceStats, plus Atrium's acceptance record.
   *
   * <p>The counters are uint64 in Kuma's proto, which Go's jsonpb renders as JSON strings ("10"). Both
   * strings and numbers are accepted on input (Jackson's scalar coercion, relied on deliberately and
   * covered by a test); Atrium writes numbers, which Kuma's own parsers accept too. A missing counter
   * is 0, as jsonpb leaves zero values out.
   *
   * @param acceptedVersion Atrium: the version of this type the proxy last ACKed (the config in force)
   * @param rejectedVersion Atrium: the version it last NACKed
   * @param lastRejection Atrium: Envoy's error text for that NACK
   * @param lastRejectionTime Atrium: when that NACK arrived (RFC 3339)
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record TypeStats(
      @JsonAlias("responses_sent") @IntOrString long responsesSent,
      @JsonAlias("responses_acknowledged") @IntOrString long responsesAcknowledged,
      @JsonAlias("responses_rejected") @IntOrString long responsesRejected,
      String acceptedVersion,
      String rejectedVersion,
      String lastRejection,
      String lastRejectionTime) {

    public static TypeStats counters(long sent, long acknowledged, long rejected) {
      return new TypeStats(sent, acknowledged, rejected, null, null, null, null);
    }
  }

  /** Versions the proxy reported: the agent's and Envoy's. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Version(
      @JsonAlias("kuma_dp") KumaDpVersion kumaDp,
      EnvoyVersion envoy,
      Map<String, String> dependencies) {
    public Version {
      dependencies = Collect.map(dependencies);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record KumaDpVersion(
      String version,
      @JsonAlias("git_tag") String gitTag,
      @JsonAlias("git_commit") String gitCommit,
      @JsonAlias("build_date") String buildDate,
      @JsonAlias("kuma_cp_compatible") Boolean kumaCpCompatible) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record EnvoyVersion(
      String version,
      String build,
      @JsonAlias("kuma_dp_compatible") Boolean kumaDpCompatible) {}
}
