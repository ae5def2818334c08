package dev.atrium.xds.insight;

import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.xds.ads.ProxyId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The store's conditional-write semantics in memory, with counters and a gate to hold writes. */
final class FakeInsightStore implements InsightStore {
  private final Map<ProxyId, Stored> insights = new HashMap<>();
  private final Set<ProxyId> owners = new HashSet<>();
  private long revision;
  int puts;
  int conflicts;
  volatile CountDownLatch gate;

  synchronized void addDataplane(ProxyId id) {
    owners.add(id);
  }

  synchronized void deleteDataplane(ProxyId id) {
    owners.remove(id);
    insights.remove(id);
  }

  /** A write by someone else (another replica). */
  synchronized void putDirectly(ProxyId id, DataplaneInsightSpec spec) {
    insights.put(id, new Stored(++revision, spec));
  }

  synchronized DataplaneInsightSpec insight(ProxyId id) {
    Stored s = insights.get(id);
    return s == null ? null : s.spec();
  }

  synchronized int puts() {
    return puts;
  }

  @Override
  public synchronized Optional<Stored> get(ProxyId proxy) {
    return Optional.ofNullable(insights.get(proxy));
  }

  @Override
  public long put(ProxyId proxy, DataplaneInsightSpec spec, long expectedVersion) {
    CountDownLatch g = gate;
    if (g != null) {
      try {
        g.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      puts++;
      if (!owners.contains(proxy)) throw new OwnerMissing("Dataplane " + proxy + " not found");
      Stored current = insights.get(proxy);
      long currentVersion = current == null ? 0 : current.version();
      if (currentVersion != expectedVersion) {
        conflicts++;
        throw new Conflict("expected " + expectedVersion + ", is " + currentVersion);
      }
      insights.put(proxy, new Stored(++revision, spec));
      return revision;
    }
  }

  static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return true;
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
