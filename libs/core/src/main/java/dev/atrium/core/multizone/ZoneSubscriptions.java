package dev.atrium.core.multizone;

import dev.atrium.core.model.zone.ZoneInsightSpec;
import dev.atrium.core.model.zone.ZoneInsightSpec.Stats;
import dev.atrium.core.model.zone.ZoneInsightSpec.Status;
import dev.atrium.core.model.zone.ZoneInsightSpec.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a ZoneInsight's subscriptions, pure so both sides apply them alike: a zone appends one
 * per connection pass and refreshes its {@code status.lastUpdateTime} as a heartbeat; global calls a
 * zone Online while its newest subscription is open and that heartbeat is recent, and closes a
 * subscription whose heartbeat stopped (the zone was killed, or cut off) so that Kuma's own reading —
 * open means online — agrees with it. Only the newest {@link #KEPT} subscriptions are kept, as in Kuma.
 */
public final class ZoneSubscriptions {
  private ZoneSubscriptions() {}

  /** Subscriptions a ZoneInsight keeps (Kuma keeps 5). */
  public static final int KEPT = 5;
  /** A zone reports at least this often while it is connected ({@code atrium.store.zone.heartbeat}). */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
  /** Missed heartbeats after which global takes a zone for gone. */
  public static final int MISSED_HEARTBEATS = 3;

  /**
   * {@code insight} with {@code fresh} appended: any older subscription still open is closed at
   * {@code now} (its pass is over, however it ended), and only the newest {@link #KEPT} remain.
   */
  public static ZoneInsightSpec started(ZoneInsightSpec insight, Subscription fresh, Instant now) {
    List<Subscription> out = new ArrayList<>();
    for (Subscription s : insight.subscriptions()) {
      if (s.id() != null && s.id().equals(fresh.id())) continue;
      out.add(s.open() ? s.withDisconnectTime(now.toString()) : s);
    }
    out.add(fresh);
    return new ZoneInsightSpec(trim(out));
  }

  /** The newest {@link #KEPT} of {@code subscriptions}, in order. */
  static List<Subscription> trim(List<Subscription> subscriptions) {
    int from = Math.max(0, subscriptions.size() - KEPT);
    return List.copyOf(subscriptions.subList(from, subscriptions.size()));
  }

  /** A new subscription for a pass starting at {@code now}: no update yet, heartbeat at {@code now}. */
  public static Subscription fresh(String id, String globalInstanceId, String zoneInstanceId, Instant now,
      ZoneInsightSpec.Version version, String config) {
    return new Subscription(id, globalInstanceId, zoneInstanceId, now.toString(), null,
        new Status(now.toString(), new Stats(0, 0, 0)), version, 0L, config);
  }

  /**
   * {@code insight} with subscription {@code id}'s heartbeat at {@code now} and its counters set; empty
   * when there is no such subscription any more (trimmed, or global rewrote the insight).
   */
  public static Optional<ZoneInsightSpec> refreshed(ZoneInsightSpec insight, String id, Instant now, Stats total) {
    List<Subscription> out = new ArrayList<>();
    boolean found = false;
    for (Subscription s : insight.subscriptions()) {
      if (id.equals(s.id())) {
        found = true;
        long generation = s.generation() == null ? 1 : s.generation() + 1;
        // A heartbeat reopens nothing: once global closed a pass, the zone starts a new one.
        out.add(s.withStatus(new Status(now.toString(), total), generation));
      } else {
        out.add(s);
      }
    }
    return found ? Optional.of(new ZoneInsightSpec(out)) : Optional.empty();
  }

  /** {@code insight} with subscription {@code id} closed at {@code now}; empty when it is gone or closed. */
  public static Optional<ZoneInsightSpec> disconnected(ZoneInsightSpec insight, String id, Instant now) {
    List<Subscription> out = new ArrayList<>();
    boolean changed = false;
    for (Subscription s : insight.subscriptions()) {
      if (id.equals(s.id()) && s.open()) {
        out.add(s.withDisconnectTime(now.toString()));
        changed = true;
      } else {
        out.add(s);
      }
    }
    return changed ? Optional.of(new ZoneInsightSpec(out)) : Optional.empty();
  }

  /**
   * Online: the newest subscription is open and its last heartbeat is at most {@code staleAfter} old
   * (a heartbeat from the future, clock skew, counts as fresh).
   */
  public static boolean online(ZoneInsightSpec insight, Instant now, Duration staleAfter) {
    return insight.latest().filter(Subscription::open).map(s -> !stale(s, now, staleAfter)).orElse(false);
  }

  /** Online, and the Zone is enabled: kumactl's STATUS column. */
  public static boolean online(boolean zoneEnabled, ZoneInsightSpec insight, Instant now, Duration staleAfter) {
    return zoneEnabled && online(insight, now, staleAfter);
  }

  /**
   * {@code insight} with every open subscription whose heartbeat is older than {@code staleAfter}
   * closed at {@code now}; empty when nothing is stale (so repeating it writes nothing).
   */
  public static Optional<ZoneInsightSpec> closeStale(ZoneInsightSpec insight, Instant now, Duration staleAfter) {
    List<Subscription> out = new ArrayList<>();
    boolean changed = false;
    for (Subscription s : insight.subscriptions()) {
      if (s.open() && stale(s, now, staleAfter)) {
        out.add(s.withDisconnectTime(now.toString()));
        changed = true;
      } else {
        out.add(s);
      }
    }
    return changed ? Optional.of(new ZoneInsightSpec(out)) : Optional.empty();
  }

  /** The last heartbeat: the status's update time, else the connect time; unreadable counts as never. */
  static Optional<Instant> lastHeard(Subscription s) {
    String at = s.status() != null && s.status().lastUpdateTime() != null ? s.status().lastUpdateTime() : s.connectTime();
    if (at == null || at.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Instant.parse(at));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static boolean stale(Subscription s, Instant now, Duration staleAfter) {
    return lastHeard(s).map(t -> Duration.between(t, now).compareTo(staleAfter) > 0).orElse(true);
  }
}
