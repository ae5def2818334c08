package dev.atrium.core.model.zone;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.IntOrString;
import dev.atrium.core.model.ResourceSpec;
import java.util.List;
import java.util.Optional;

/**
 * What global saw of a zone control plane's connections, in the shape of Kuma's ZoneInsight
 * ({@code api/system/v1alpha1/zone_insight.proto}): one subscription per connection pass of the zone's
 * sync, newest last. Written by the control planes through the Store API (the zone while it is
 * connected, global when it finds a zone gone silent); read-only for users. Named like its Zone.
 *
 * <p>Only the fields Atrium fills truthfully are modelled; times are RFC 3339 text as Kuma writes them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ZoneInsightSpec(List<Subscription> subscriptions) implements ResourceSpec {

  public ZoneInsightSpec {
    subscriptions = Collect.list(subscriptions);
  }

  public static ZoneInsightSpec empty() {
    return new ZoneInsightSpec(List.of());
  }

  /** The newest subscription (appended last, as Kuma does). */
  public Optional<Subscription> latest() {
    return subscriptions.isEmpty() ? Optional.empty() : Optional.of(subscriptions.get(subscriptions.size() - 1));
  }

  /**
   * Kuma's reading: some subscription is open. Global closes the subscriptions of zones that went silent
   * ({@code ZoneSubscriptions#closeStale}), so an open one is a zone that reported recently.
   */
  public boolean online() {
    return subscriptions.stream().anyMatch(Subscription::open);
  }

  /**
   * One connection pass of a zone's sync to global (Kuma's KDSSubscription).
   *
   * @param id random per pass
   * @param globalInstanceId the global instance the pass wrote to, as far as the zone knows it
   * @param zoneInstanceId the zone control plane process that made the pass
   * @param generation how many times the zone refreshed this subscription (Kuma's status-sink counter)
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Subscription(
      String id,
      @JsonAlias("global_instance_id") String globalInstanceId,
      @JsonAlias("zone_instance_id") String zoneInstanceId,
      @JsonAlias("connect_time") String connectTime,
      @JsonAlias("disconnect_time") String disconnectTime,
      Status status,
      Version version,
      @IntOrString Long generation,
      String config) {

    /** Connected and not disconnected (Kuma's rule, without the staleness global adds). */
    public boolean open() {
      return connectTime != null && !connectTime.isEmpty() && (disconnectTime == null || disconnectTime.isEmpty());
    }

    public Subscription withDisconnectTime(String time) {
      return new Subscription(id, globalInstanceId, zoneInstanceId, connectTime, time, status, version, generation, config);
    }

    public Subscription withStatus(Status newStatus, Long newGeneration) {
      return new Subscription(id, globalInstanceId, zoneInstanceId, connectTime, disconnectTime, newStatus, version,
          newGeneration, config);
    }
  }

  /** Kuma's KDSSubscriptionStatus: when the zone last reported, and what it sent in total. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Status(
      @JsonAlias("last_update_time") String lastUpdateTime,
      Stats total) {}

  /**
   * Kuma's KDSServiceStats, counted by the zone: resources it sent to global, the ones global took and
   * the ones global refused. uint64 in Kuma's proto (jsonpb writes strings); both forms are read.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Stats(
      @JsonAlias("responses_sent") @IntOrString long responsesSent,
      @JsonAlias("responses_acknowledged") @IntOrString long responsesAcknowledged,
      @JsonAlias("responses_rejected") @IntOrString long responsesRejected) {}

  /** The zone control plane's version. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Version(KumaCpVersion kumaCp) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record KumaCpVersion(
      String version,
      String gitTag,
      String gitCommit,
      String buildDate,
      Boolean kumaCpGlobalCompatible) {}
}
