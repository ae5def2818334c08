package dev.atrium.bench.footprint;

import static dev.atrium.testing.bench.BenchSupport.deleteTree;
import static dev.atrium.testing.bench.BenchSupport.firstLine;
import static dev.atrium.testing.bench.BenchSupport.progress;
import static dev.atrium.testing.bench.BenchSupport.workDir;

import dev.atrium.testing.bench.BuiltinGatewayTopology;
import dev.atrium.testing.bench.Machine;
import dev.atrium.testing.bench.Percentiles;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.JvmOptions;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.ServiceProcess;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where the services' memory goes and how long they take to start: for each of the four services, launch →
 * ready over N fresh processes, then the idle footprint (RSS, heap, metaspace, code cache, threads, native
 * memory by NMT category); for the store and the xds-server also with a builtin gateway of R routes. Prints a
 * Markdown report on stdout (progress on stderr). A program, not a test: {@code mvn verify} never runs it.
 *
 * <p>Usage: {@value #USAGE}
 */
public final class FootprintBench {
  static final String RUN_COMMAND = "bench/footprint/run.sh";
  static final String USAGE = RUN_COMMAND + " [--runs=5] [--routes=1000] [--only=store,xds-server,admission-webhook,metrics] [--no-load]";
  private static final String NMT_FLAG = "-XX:NativeMemoryTracking=summary";
  // Ready is one HTTP round trip away: at 100 ms (the default) the poll would be the figure's granularity.
  private static final Duration READY_POLL = Duration.ofMillis(10);
  private static final long SETTLE_MS = 5_000;
  private static final long SERVED_TIMEOUT_MS = 120_000;
  private static final double TARGET_MIB = 250;

  /** One service's figures; a null field was not measured (failed or skipped). */
  private static final class Result {
    long firstStartNanos = -1;
    long[] restartNanos;
    Footprint idle;
    Footprint loaded;
    String flags;
    final List<String> failures = new ArrayList<>();
  }

  private FootprintBench() {}

  public static void main(String[] args) throws Exception {
    int runs = 5;
    int routes = 1000;
    boolean load = true;
    Set<Service> only = EnumSet.allOf(Service.class);
    for (String a : args) {
      if (a.startsWith("--runs=")) runs = Integer.parseInt(a.substring("--runs=".length()));
      else if (a.startsWith("--routes=")) routes = Integer.parseInt(a.substring("--routes=".length()));
      else if (a.equals("--no-load")) load = false;
      else if (a.startsWith("--only=")) {
        only = EnumSet.noneOf(Service.class);
        for (String s : a.substring("--only=".length()).split(",")) only.add(Service.byLabel(s.trim()));
      } else throw new IllegalArgumentException("usage: " + USAGE);
    }

    System.out.println("# service footprint: launch → ready, and where the memory goes\n");
    System.out.println(Machine.describe());
    System.out.println("- run with: `" + RUN_COMMAND + String.join("", Stream.of(args).map(a -> " " + a).toList()) + "`\n");

    Map<Service, Result> results = new LinkedHashMap<>();
    Path work = workDir("atrium-bench-footprint-");
    try (Service.Beside beside = new Service.Beside(work.resolve("beside"))) {
      for (Service s : only) {
        Result r = new Result();
        results.put(s, r);
        Path dir = work.resolve(s.label);
        try {
          launches(s, dir, beside, runs, r);
        } catch (RuntimeException e) {
          fail(r, s.label + " launch", e);
        }
        try {
          progress(s.label + ": idle footprint (NMT on, " + SETTLE_MS / 1000 + " s settle)");
          try (ServiceProcess p = withNmt(() -> s.create(dir, beside).start())) {
            Thread.sleep(SETTLE_MS);
            r.idle = Footprint.of(p.pid());
          }
        } catch (RuntimeException e) {
          fail(r, s.label + " idle", e);
        }
      }
    } finally {
      deleteTree(work);
    }
    if (load && (only.contains(Service.STORE) || only.contains(Service.XDS_SERVER))) {
      loaded(routes, results.computeIfAbsent(Service.STORE, k -> new Result()),
          results.computeIfAbsent(Service.XDS_SERVER, k -> new Result()));
    }

    print(results, runs, routes, load);
    System.exit(results.values().stream().allMatch(r -> r.failures.isEmpty()) ? 0 : 1);
  }

  /**
   * The first start on an empty work directory, then {@code runs} restarts on what it left, each a fresh
   * process stopped with SIGTERM as an operator restarts it. Timed from just before the process is started
   * to the first 200 of its readiness URL (the webhook's also waits for its HTTPS port).
   */
  private static void launches(Service s, Path dir, Service.Beside beside, int runs, Result r) {
    r.restartNanos = new long[runs];
    for (int i = -1; i < runs; i++) {
      ServiceProcess p = s.create(dir, beside).readinessPoll(READY_POLL);
      long t0 = System.nanoTime();
      p.start();
      long nanos = System.nanoTime() - t0;
      try {
        r.flags = p.jvmFlags();
        p.stop();
      } finally {
        p.close();
      }
      if (i < 0) r.firstStartNanos = nanos;
      else r.restartNanos[i] = nanos;
      progress(s.label + ": " + (i < 0 ? "first start" : "restart " + (i + 1)) + " ready in " + ms(nanos) + " ms");
    }
  }

  /**
   * Store and xds-server, both with NMT, under the gateway of {@code routes} routes as bench/gateway-scale sets
   * it up, measured once Envoy serves the last route and {@link #SETTLE_MS} have passed.
   */
  private static void loaded(int routes, Result storeResult, Result xdsResult) {
    Path work = workDir("atrium-bench-footprint-load-");
    try (StoreProcess store = withNmt(() -> StoreProcess.embedded(work.resolve("store")).start());
         XdsServerProcess xds = withNmt(() -> new XdsServerProcess(store, work.resolve("xds")).start());
         EchoServer echo = EchoServer.start(BuiltinGatewayTopology.BACKEND)) {
      progress("loaded: PUT " + routes + " routes");
      int listener = BuiltinGatewayTopology.putGatewayAndBackend(store, echo.port());
      BuiltinGatewayTopology.putRoutes(store, routes);
      progress("loaded: starting the gateway's Envoy");
      int adminPort = Ports.free();
      try (DataplaneAgent agent = new DataplaneAgent(xds, BuiltinGatewayTopology.writeGatewayDataplane(work.resolve("gw.yaml")), adminPort,
          work.resolve("agents")).start(Duration.ofSeconds(60))) {
        String last = "http://127.0.0.1:" + listener + "/r-" + (routes - 1);
        long deadline = System.nanoTime() + SERVED_TIMEOUT_MS * 1_000_000;
        while (Http.status(last) != 200) {
          if (System.nanoTime() > deadline) throw new IllegalStateException("Envoy does not serve " + last + " after "
              + SERVED_TIMEOUT_MS / 1000 + " s");
          Thread.sleep(50);
        }
        progress("loaded: Envoy serves all " + routes + " routes; " + SETTLE_MS / 1000 + " s settle");
        Thread.sleep(SETTLE_MS);
        storeResult.loaded = Footprint.of(store.pid());
        xdsResult.loaded = Footprint.of(xds.pid());
      }
    } catch (Exception e) {
      fail(storeResult, "loaded", e);
      fail(xdsResult, "loaded", e);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Starts a service with NMT on: JavaProcess reads {@link JvmOptions#EXTRA_PROPERTY} at start, so it is set
   * around the start only (after any extra flags the caller gave) and the launch timings run without NMT.
   */
  private static <T extends ServiceProcess> T withNmt(Supplier<T> start) {
    String before = System.getProperty(JvmOptions.EXTRA_PROPERTY);
    System.setProperty(JvmOptions.EXTRA_PROPERTY, (before == null ? "" : before + " ") + NMT_FLAG);
    try {
      return start.get();
    } finally {
      if (before == null) System.clearProperty(JvmOptions.EXTRA_PROPERTY);
      else System.setProperty(JvmOptions.EXTRA_PROPERTY, before);
    }
  }

  private static void print(Map<Service, Result> results, int runs, int routes, boolean load) {
    System.out.println("## launch → ready\n");
    System.out.println("| service | first start ms | p50 ms | max ms | N restarts |");
    System.out.println("|---|---|---|---|---|");
    for (var e : results.entrySet()) {
      Result r = e.getValue();
      if (r.restartNanos == null) continue; // only in the loaded phase (--only without it)
      boolean all = r.firstStartNanos >= 0 && Arrays.stream(r.restartNanos).allMatch(n -> n > 0);
      if (!all) {
        System.out.printf("| %s | FAILED ||||%n", e.getKey().label);
        continue;
      }
      Percentiles p = Percentiles.of(r.restartNanos);
      System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %d |%n", e.getKey().label, ms(r.firstStartNanos), p.ms(50),
          p.maxMs(), runs);
    }

    System.out.println("\n## footprint (MiB; committed unless said)\n");
    System.out.println("| service | state | RSS | heap used | heap committed | metaspace | class space | code cache | threads "
        + "| other native (direct) | NMT own | NMT total |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    String loadedState = "at " + routes + " routes";
    for (var e : results.entrySet()) {
      // A service added only by the loaded phase (--only=store) has no idle row.
      if (e.getValue().restartNanos != null) row(e.getKey().label, "idle", e.getValue().idle);
      if (e.getValue().loaded != null) row(e.getKey().label, loadedState, e.getValue().loaded);
    }
    Result store = results.get(Service.STORE);
    Result xds = results.get(Service.XDS_SERVER);
    if (store != null && xds != null) {
      sumRow("idle", store.idle, xds.idle);
      sumRow(loadedState, store.loaded, xds.loaded);
    }

    System.out.println();
    List<String> notes = new ArrayList<>();
    notes.add("launch → ready: from just before the process is started to the first 200 of its readiness URL "
        + "(`/q/health/ready`; the webhook's on its management port, and its HTTPS port accepting connections), polled "
        + "every " + READY_POLL.toMillis() + " ms. 'first start' = on an empty work directory (the store creates its "
        + "database, the xds-server its certificate); then " + runs + " restarts, each a fresh process on what the "
        + "earlier ones left (the store's data directory kept, as an operator's restart), stopped with SIGTERM. No NMT.");
    notes.add("what the services need beside them is started once and not measured: a store (embedded, empty) for "
        + "the xds-server, the webhook and metrics; for the webhook a real etcd + kube-apiserver (its readiness waits "
        + "for its namespace informer's first list) — a start with the API server already up.");
    notes.add("footprint: a separate start with `" + NMT_FLAG + "` appended, read " + SETTLE_MS / 1000 + " s after ready; "
        + "no GC forced. RSS and threads from /proc/<pid>/status; heap = GC.heap_info's young + old generation "
        + "(garbage included); metaspace (class space included) and class space committed from GC.heap_info (JDK 17) or NMT's Class category (JDK 25); code cache, 'other native' "
        + "(direct ByteBuffers, Netty's direct arenas) and the total from `jcmd VM.native_memory summary`.");
    notes.add("NMT costs memory itself: its own bookkeeping is the 'NMT own' column (subtract it from RSS and the "
        + "total for a process without NMT), and its malloc headers add a little to every category. RSS above the NMT "
        + "total is what NMT does not track: mostly code mapped from files (libjvm.so and the other libraries) and "
        + "the C allocator's unused arena pages; committed-but-untouched memory counts in NMT, not in RSS.");
    if (load) {
      notes.add("at " + routes + " routes: a fresh store + xds-server (NMT on), bench/gateway-scale's topology (one BUILTIN "
          + "gateway, one echo backend, " + routes + " MeshGatewayRoutes PUT by " + BuiltinGatewayTopology.LOAD_THREADS + " writers), the gateway's Envoy run by "
          + "atrium-dp; measured after `/r-" + (routes - 1) + "` answers 200 through Envoy and " + SETTLE_MS / 1000
          + " s settle. Target: store + xds-server RSS ≤ " + (int) TARGET_MIB + " MiB.");
    }
    for (var e : results.entrySet()) {
      Result r = e.getValue();
      if (r.restartNanos != null && r.firstStartNanos >= 0) {
        notes.add(e.getKey().label + " restarts in order (ms): " + String.join(" ",
            Arrays.stream(r.restartNanos).mapToObj(FootprintBench::ms).toList()));
      }
    }
    results.forEach((s, r) -> {
      if (r.flags != null) notes.add(s.label + " JVM flags (from /proc): `" + r.flags + "`");
      r.failures.forEach(f -> notes.add(s.label + ": FAILED: " + f));
    });
    notes.forEach(n -> System.out.println("- " + n));
  }

  private static void row(String service, String state, Footprint f) {
    if (f == null) {
      System.out.printf("| %s | %s | FAILED |||||||||||%n", service, state);
      return;
    }
    NmtSummary n = f.nmt();
    HeapInfo h = f.heap();
    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %d | %s | %s | %s |%n", service, state,
        mib(f.rssKiB()), mib(h.usedKiB()), mib(h.committedKiB()), mib(h.metaspaceCommittedKiB() >= 0 ? h.metaspaceCommittedKiB()
            : n.metadataCommittedKiB() + n.classSpaceCommittedKiB()),
        mib(h.classSpaceCommittedKiB() >= 0 ? h.classSpaceCommittedKiB() : n.classSpaceCommittedKiB()), mib(n.committedKiB(NmtSummary.CODE)), f.threads(),
        mib(n.committedKiB(NmtSummary.OTHER)), mib(n.committedKiB(NmtSummary.TRACKING)), mib(n.totalCommittedKiB()));
  }

  private static void sumRow(String state, Footprint store, Footprint xds) {
    if (store == null || xds == null) return;
    double sum = (store.rssKiB() + xds.rssKiB()) / 1024.0;
    System.out.printf(Locale.ROOT, "| **store + xds-server** | %s | **%.0f** (target ≤ %.0f: %s) ||||||||||%n", state, sum,
        TARGET_MIB, sum <= TARGET_MIB ? "met" : "NOT met");
  }

  private static void fail(Result r, String what, Exception e) {
    progress(what + " failed: " + e);
    r.failures.add(what + ": " + firstLine(e.getMessage()));
  }

  private static String mib(long kib) {
    return String.format(Locale.ROOT, "%.1f", kib / 1024.0);
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.0f", nanos / 1e6);
  }
}
