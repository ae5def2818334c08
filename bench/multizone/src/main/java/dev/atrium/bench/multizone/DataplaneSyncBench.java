package dev.atrium.bench.multizone;

import static dev.atrium.testing.bench.BenchSupport.deleteTree;
import static dev.atrium.testing.bench.BenchSupport.progress;
import static dev.atrium.testing.bench.BenchSupport.workDir;

import dev.atrium.testing.bench.Percentiles;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneTokenRequests;
import dev.atrium.testing.process.StoreProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * N Dataplanes written on a zone until global lists all N copies, then the resends after global restarts:
 * once with its data kept (the zone's next pass re-sends all N, ADR 0020), once with its data directory
 * wiped (global starts empty and gets everything back from the zone). A Store.Watch on global (held by
 * this program, as a service holds one) notes when each copy arrived.
 */
final class DataplaneSyncBench {
  private static final long SYNC_TIMEOUT_MS = 600_000;

  record Phase(String name, long n, double seconds, double firstSeconds, Percentiles perDp, String detail, String failure,
      long globalRss, long zoneRss) {
    Phase withRss(long g, long z) {
      return new Phase(name, n, seconds, firstSeconds, perDp, detail, failure, g, z);
    }
  }

  record Result(int n, int writers, double putSeconds, List<Phase> phases, String flags) {}

  private DataplaneSyncBench() {}

  static Result run(int n, int writers, boolean wipe) {
    Path work = workDir("atrium-bench-multizone-sync-");
    List<Phase> phases = new ArrayList<>();
    double putSeconds = 0;
    String flags = null;
    StoreProcess global = ControlPlanes.global(work);
    StoreProcess zone = null;
    try {
      global.start();
      zone = ControlPlanes.zone(work, global).start();
      flags = zone.jvmFlags();
      ControlPlanes.awaitDefaultMesh(zone);
      String zoneApi = zone.apiUrl() + "/meshes/default/dataplanes/";

      // 1. Initial sync: the N PUTs on the zone, and each copy's arrival on global.
      long lastRevision;
      try (StoreWatch watch = new StoreWatch(global.grpcPort(), "Dataplane", 0, "dp-")) {
        watch.awaitSynced(Duration.ofSeconds(30));
        progress("sync: PUT " + n + " Dataplanes on the zone (" + writers + " REST writers)");
        long[] putDone = new long[n];
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
          List<Future<?>> futures = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(pool.submit(() -> {
              Http.putYaml(zoneApi + name(k), dataplane(k));
              putDone[k] = System.nanoTime();
            }));
          }
          for (Future<?> f : futures) f.get();
        } finally {
          pool.shutdownNow();
        }
        long putsEnd = System.nanoTime();
        putSeconds = (putsEnd - t0) / 1e9;
        progress(String.format(Locale.ROOT, "sync: zone took the %d PUTs in %.1f s; waiting for global", n, putSeconds));
        awaitAll(watch, n, "global's Watch delivers all " + n + " copies");
        long last = watch.arrivals().values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long first = watch.arrivals().values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long[] latency = new long[n];
        for (int i = 0; i < n; i++) latency[i] = watch.receivedAt(name(i)) - putDone[i];
        long listed = listedOnGlobal(global);
        // Where the latency builds up: every tenth Dataplane in write order, its PUT answered and its copy's arrival.
        List<String> byOrder = new ArrayList<>();
        for (int i = 0; i < n; i += Math.max(1, n / 10)) {
          byOrder.add(String.format(Locale.ROOT, "%s %.2f→%.2f s", name(i), (putDone[i] - t0) / 1e9, (watch.receivedAt(name(i)) - t0) / 1e9));
        }
        phases.add(new Phase("zone → global, " + n + " new Dataplanes", n, (last - t0) / 1e9, (first - t0) / 1e9,
            Percentiles.of(latency), String.format(Locale.ROOT, "global's REST list total after the last arrival: %d; copies "
                + "arrived on global from %.2f to %.2f s (%.0f/s between the first and the last); by write order, PUT answered "
                + "→ copy on global (since the first PUT): %s", listed, (first - t0) / 1e9, (last - t0) / 1e9,
                n / Math.max(1e-9, (last - first) / 1e9), String.join(", ", byOrder)), null, global.rssKiB(), zone.rssKiB()));
        Thread.sleep(1_000);
        lastRevision = watch.lastRevision();
      }

      // 2. Global killed and restarted with its data: the zone's next pass re-sends all N.
      phases.add(restart(global, zone, n, lastRevision, false, work, zoneApi).withRss(rss(global), rss(zone)));
      // 3. Global killed and restarted empty: everything comes back from the zone.
      if (wipe) phases.add(restart(global, zone, n, 0, true, work, zoneApi).withRss(rss(global), rss(zone)));
      return new Result(n, writers, putSeconds, phases, flags);
    } catch (Exception e) {
      progress("sync bench failed: " + e);
      phases.add(new Phase("(the run)", n, 0, 0, null, null, String.valueOf(e.getMessage()).lines().findFirst().orElse(""), 0, 0));
      return new Result(n, writers, putSeconds, phases, flags);
    } finally {
      if (zone != null) zone.close();
      global.close();
      deleteTree(work);
    }
  }

  /**
   * SIGKILL global, start it again on the same ports (with its data, or with its data directory removed), and
   * time until all N copies were written on global again: seen on a Watch from the revision before the kill
   * (data kept: every later PUT is a resend), or on global's REST list total (wiped: a fresh store).
   */
  private static Phase restart(StoreProcess global, StoreProcess zone, int n, long fromRevision, boolean wipe, Path work,
      String zoneApi) {
    String name = wipe ? "global restarted empty (data dir wiped) → lists all N again"
        : "global killed + restarted with its data → the zone's pass, unchanged copies not re-sent";
    try {
      progress("sync: " + name);
      global.kill();
      long tKill = System.nanoTime();
      if (wipe) deleteTree(work.resolve("global").resolve("store"));
      global.start();
      long tReady = System.nanoTime();
      // A wiped global made a new zone-token signing key: the zone's token no longer verifies, so the operator
      // mints it a new one (the zone rereads its token file at its next call; inside the timed window).
      if (wipe) zone.writeZoneToken(DataplaneTokenRequests.zone(global.apiUrl(), ControlPlanes.ZONE, "cp"));
      long listedAtReady = listedOnGlobal(global);
      if (wipe) {
        long firstSeen = -1;
        long deadline = tReady + TimeUnit.MILLISECONDS.toNanos(SYNC_TIMEOUT_MS);
        while (true) {
          long listed = listedOnGlobal(global);
          long now = System.nanoTime();
          if (listed > 0 && firstSeen < 0) firstSeen = now;
          if (listed >= n) {
            return new Phase(name, n, (now - tReady) / 1e9, (firstSeen - tReady) / 1e9, null, String.format(Locale.ROOT,
                "kill → ready %.1f s; global listed %d at ready; polled its REST list total every 50 ms", (tReady - tKill) / 1e9,
                listedAtReady), null, 0, 0);
          }
          if (now > deadline) throw new IllegalStateException("global lists " + listed + " of " + n + " after " + SYNC_TIMEOUT_MS / 1000 + " s");
          Thread.sleep(50);
        }
      }
      try (StoreWatch watch = new StoreWatch(global.grpcPort(), "Dataplane", fromRevision, "dp-")) {
        // The zone sends its state, then its changes, in order: a Dataplane written on the zone now arrives
        // on global once the zone's pass has gone through all N (re-sending only what global lacks or holds
        // differently — ADR 0020), so its arrival times the pass, and the Watch counts what was written.
        String marker = String.format(Locale.ROOT, "dp-%04d", n);
        Http.putYaml(zoneApi + marker, dataplane(n));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SYNC_TIMEOUT_MS);
        while (watch.receivedAt(marker) == null) {
          if (watch.error() != null) throw new IllegalStateException("the Watch failed: " + watch.error());
          if (System.nanoTime() > deadline) throw new IllegalStateException("the zone's pass never reached global");
          Thread.sleep(5);
        }
        long done = watch.receivedAt(marker);
        long listed = listedOnGlobal(global);
        return new Phase(name, n, (done - tReady) / 1e9, (done - tReady) / 1e9, null, String.format(Locale.ROOT,
            "kill → ready %.1f s; global listed %d at ready (kept on disk), %d after the pass; Dataplane writes on global "
                + "during the pass: %d (of which the one new Dataplane written on the zone after the restart: 1)",
            (tReady - tKill) / 1e9, listedAtReady, listed, watch.events()), null, 0, 0);
      }
    } catch (Exception e) {
      progress("sync: " + name + " failed: " + e);
      return new Phase(name, n, 0, 0, null, null, String.valueOf(e.getMessage()).lines().findFirst().orElse(""), 0, 0);
    }
  }

  private static long rss(StoreProcess p) {
    try {
      return p.rssKiB();
    } catch (RuntimeException notRunning) {
      return 0;
    }
  }

  private static void awaitAll(StoreWatch watch, int n, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SYNC_TIMEOUT_MS);
    while (watch.received() < n) {
      if (watch.error() != null) throw new IllegalStateException(what + ": the Watch failed: " + watch.error());
      if (System.nanoTime() > deadline) throw new IllegalStateException(what + ": " + watch.received() + " of " + n
          + " after " + SYNC_TIMEOUT_MS / 1000 + " s");
      Thread.sleep(5);
    }
  }

  /** Global's REST list total of Dataplanes in mesh default; -1 if it does not answer. */
  private static long listedOnGlobal(StoreProcess global) throws InterruptedException {
    try {
      Http.Reply r = Http.get(global.apiUrl() + "/meshes/default/dataplanes?size=1");
      return r.status() == 200 ? r.json().path("total").asLong(-1) : -1;
    } catch (java.io.UncheckedIOException down) {
      return -1; // global killed or not up yet
    }
  }

  static String name(int i) {
    return String.format(Locale.ROOT, "dp-%04d", i);
  }

  private static String dataplane(int i) {
    return """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 10.%d.%d.%d
          inbound:
            - port: 8080
              tags:
                kuma.io/service: svc-%d
                kuma.io/protocol: http
        """.formatted(name(i), (i >> 16) & 255, (i >> 8) & 255, i & 255, i % 50);
  }

  static void print(Result r) {
    System.out.println("## 2. Dataplanes zone → global\n");
    System.out.println("| phase | N | total s | throughput /s | first copy s | per-DP latency p50 / p99 / max ms | global store RSS MiB | zone store RSS MiB |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Phase p : r.phases()) {
      if (p.failure() != null) {
        System.out.printf(Locale.ROOT, "| %s | %d | FAILED: %s ||||||%n", p.name(), p.n(), p.failure());
        continue;
      }
      String lat = p.perDp() == null ? "–" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f", p.perDp().ms(50), p.perDp().ms(99),
          p.perDp().maxMs());
      String rss = String.format(Locale.ROOT, "%.0f | %.0f", p.globalRss() / 1024.0, p.zoneRss() / 1024.0);
      System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.2f | %s | %s |%n", p.name(), p.n(), p.seconds(),
          p.n() / Math.max(1e-9, p.seconds()), p.firstSeconds(), lat, rss);
    }
    System.out.println();
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "writes: %d Dataplanes `dp-0000..` (one inbound each, 50 services) PUT through the "
        + "zone's REST API by %d concurrent writers (HTTP/1.1, YAML), as fast as it takes them: %.1f s for all (%.0f/s).", r.n(),
        r.writers(), r.putSeconds(), r.n() / Math.max(1e-9, r.putSeconds())));
    notes.add("first row: total = first PUT started → global's Store.Watch (Dataplane kind, held by this program) delivered the "
        + "last copy; throughput = N / total; per-DP latency = the copy's arrival on global − the zone's PUT answered, per "
        + "Dataplane (nearest rank); first copy = first arrival − first PUT started.");
    notes.add("restart rows: total and first copy are counted from global ready again (`/q/health/ready`), not from the kill; "
        + "the zone's pause before its next pass (1 s, doubling up to 10 s while global is away) is inside them.");
    notes.add("RSS: VmRSS at the end of each phase, no GC forced. Store JVM flags as JavaProcess sets them: `"
        + r.flags() + "`.");
    for (Phase p : r.phases()) {
      if (p.detail() != null) notes.add(p.name() + ": " + p.detail());
    }
    notes.forEach(n -> System.out.println("- " + n));
    System.out.println();
  }
}
