package dev.atrium.store.zonesync;

import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.zone.ZoneInsightSpec;
import dev.atrium.core.model.zone.ZoneInsightSpec.Stats;
import dev.atrium.core.model.zone.ZoneSpec;
import dev.atrium.core.multizone.ZoneSubscriptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The zone's own entry on global (Kuma's Zone and ZoneInsight): at the start of each pass of
 * {@link ZoneToGlobalSync} it makes sure global has {@code Zone <zone>} — created when missing, never
 * rewritten, so a user's {@code enabled: false} stays — and appends a subscription for the pass to
 * {@code ZoneInsight <zone>}; then it refreshes that subscription's heartbeat
 * ({@code status.lastUpdateTime}, the counters) after writes and at least every heartbeat, and closes it
 * when the zone stops cleanly. Global closes it instead when the heartbeats stop (ZoneStaleness).
 *
 * <p>Not thread-safe: the sync calls it from its one writer thread, like every other call to global.
 * Each write is a read-modify-write at the version read, retried when another writer came between.
 */
final class ZoneReporter {
  private static final int ATTEMPTS = 5;

  private final StoreGrpc.StoreBlockingStub global;
  private final String zone;
  private final String instanceId;
  private final ZoneInsightSpec.Version version;
  private final String config;
  private final Clock clock;
  // The current pass: its subscription id and what it sent; null between passes.
  private String subscription;
  private long sent;
  private long acknowledged;
  private long rejected;
  private Instant lastReport = Instant.EPOCH;

  ZoneReporter(StoreGrpc.StoreBlockingStub global, String zone, String applicationVersion, String backend, Clock clock) {
    this.global = global;
    this.zone = zone;
    this.instanceId = hostname() + "-" + ProcessHandle.current().pid();
    this.version = new ZoneInsightSpec.Version(new ZoneInsightSpec.KumaCpVersion(applicationVersion, null, null, null, null));
    // What kumactl reads of a zone's config (its BACKEND column): the store type.
    this.config = "{\"mode\":\"zone\",\"store\":{\"type\":\"" + backend + "\"}}";
    this.clock = clock;
  }

  /** A pass begins: the Zone exists, and a new subscription is open. Throws what global answered. */
  void passStarted() {
    ensureZone();
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    sent = acknowledged = rejected = 0;
    // No globalInstanceId: the zone knows global's address, not which instance behind it answered.
    ZoneInsightSpec.Subscription opened = ZoneSubscriptions.fresh(id, null, instanceId, now, version, config);
    updateInsight(insight -> Optional.of(ZoneSubscriptions.started(insight, opened, now)));
    subscription = id;
    lastReport = now;
  }

  /** The pass ended without a word to global (global unreachable): the next pass opens a new subscription. */
  void passAbandoned() {
    subscription = null;
  }

  /** One resource written to (or refused by) global in this pass. */
  void counted(boolean accepted) {
    sent++;
    if (accepted) acknowledged++; else rejected++;
  }

  /**
   * Refreshes the heartbeat unless one was written within {@code minGap}. Returns false when global no
   * longer holds this pass's subscription open — it closed it (it heard nothing for too long) or lost it
   * (restored from a backup, or started empty): global may then lack what this pass sent, so the caller
   * starts a new pass, which compares and sends again what global lacks.
   */
  boolean heartbeat(Duration minGap) {
    if (subscription == null) return true;
    Instant now = clock.instant();
    if (Duration.between(lastReport, now).compareTo(minGap) < 0) return true;
    String id = subscription;
    Stats total = new Stats(sent, acknowledged, rejected);
    boolean[] open = {true};
    updateInsight(insight -> {
      Optional<ZoneInsightSpec> refreshed = ZoneSubscriptions.refreshed(insight, id, now, total);
      open[0] = refreshed.flatMap(ZoneInsightSpec::latest).filter(s -> id.equals(s.id()) && s.open()).isPresent();
      return open[0] ? refreshed : Optional.empty();
    });
    lastReport = now;
    return open[0];
  }

  /** The zone stops cleanly: its subscription is closed now rather than when global notices the silence. */
  void stopped() {
    if (subscription == null) return;
    String id = subscription;
    Instant now = clock.instant();
    updateInsight(insight -> ZoneSubscriptions.disconnected(insight, id, now));
    subscription = null;
  }

  private void ensureZone() {
    try {
      global.get(GetRequest.newBuilder().setKey(key(ResourceKind.ZONE)).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) throw e;
      try {
        global.put(PutRequest.newBuilder().setKey(key(ResourceKind.ZONE)).setHasExpectedVersion(true).setExpectedVersion(0)
            .setSpecJson(ResourceCodec.encodeSpec(ZoneSpec.enabledZone())).build());
      } catch (StatusRuntimeException raced) {
        // Someone created it between our get and put: theirs stays.
        if (raced.getStatus().getCode() != Status.Code.ABORTED) throw raced;
      }
    }
  }

  /** Read, change, write at the version read; a write that lost a race is retried on the new state. */
  private void updateInsight(Function<ZoneInsightSpec, Optional<ZoneInsightSpec>> change) {
    for (int attempt = 1; ; attempt++) {
      ZoneInsightSpec current = ZoneInsightSpec.empty();
      long version = 0;
      try {
        dev.atrium.api.store.v1.Resource r = global.get(GetRequest.newBuilder().setKey(key(ResourceKind.ZONE_INSIGHT)).build());
        current = (ZoneInsightSpec) ResourceCodec.decodeSpec(ResourceKind.ZONE_INSIGHT, r.getSpecJson());
        version = r.getVersion();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) throw e;
      }
      Optional<ZoneInsightSpec> updated = change.apply(current);
      if (updated.isEmpty()) return;
      try {
        global.put(PutRequest.newBuilder().setKey(key(ResourceKind.ZONE_INSIGHT)).setHasExpectedVersion(true)
            .setExpectedVersion(version).setSpecJson(ResourceCodec.encodeSpec(updated.get())).build());
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ABORTED || attempt >= ATTEMPTS) throw e;
      }
    }
  }

  private ResourceKey key(ResourceKind kind) {
    return ResourceKey.newBuilder().setKind(kind.typeName()).setMesh("").setName(zone).build();
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
