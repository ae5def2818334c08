package dev.atrium.bench.gateway;

import static dev.atrium.testing.bench.BenchSupport.deleteTree;
import static dev.atrium.testing.bench.BenchSupport.progress;
import static dev.atrium.testing.bench.BenchSupport.workDir;

import dev.atrium.testing.bench.BuiltinGatewayTopology;
import dev.atrium.testing.bench.Machine;
import dev.atrium.testing.bench.Percentiles;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The builtin gateway at scale, on a real Envoy run by atrium-dp: with R MeshGatewayRoutes loaded (a
 * fresh store, xds-server and Envoy per R), the time from the PUT of one more route to its first 200
 * through Envoy, and the memory of the xds-server, the store and Envoy. Prints a Markdown report on
 * stdout (progress on stderr). A program, not a test: {@code mvn verify} never runs it.
 *
 * <p>Usage: {@value #RUN_COMMAND} [R ...] [--changes=30] [--warmup=10]
 */
public final class GatewayScaleBench {
  static final String RUN_COMMAND = "bench/gateway-scale/run.sh";
  private static final List<Integer> DEFAULT_R = List.of(1000, 3000);
  private static final String BACKEND = BuiltinGatewayTopology.BACKEND;
  private static final int LOAD_THREADS = BuiltinGatewayTopology.LOAD_THREADS;
  private static final long READY_TIMEOUT_MS = 120_000;
  private static final long SAMPLE_TIMEOUT_MS = 10_000;
  private static final long SETTLE_MS = 2_000;
  private static final long SPACING_MS = 200;
  /** Envoy merges its histograms every 5 s (stats_flush_interval): wait that long before reading them. */
  private static final long ENVOY_FLUSH_MS = 5_500;

  private record Result(int routes, double loadSeconds, double readySeconds, long[] samples, long[] putNanos,
      long[][] stages, long otherPushes, double[] envoyRds, long xdsRssKiB, long storeRssKiB, long envoyRssKiB, String xdsFlags, String failure) {}

  private GatewayScaleBench() {}

  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    int changes = 30;
    // A control plane in service has translated its gateway many times: C2 compiles the translation path
    // after some tens of passes (in one JVM, 1000 routes: pass p50 11.5 ms after 10 warm-ups, 5.4 after 60).
    int warmup = 50;
    boolean translateOnly = false;
    for (String a : args) {
      if (a.equals("--translate")) translateOnly = true;
      else if (a.startsWith("--changes=")) changes = Integer.parseInt(a.substring("--changes=".length()));
      else if (a.startsWith("--warmup=")) warmup = Integer.parseInt(a.substring("--warmup=".length()));
      else if (a.matches("\\d+")) sizes.add(Integer.parseInt(a));
      else throw new IllegalArgumentException("usage: " + RUN_COMMAND + " [--translate] [R ...] [--changes=30] [--warmup=50]");
    }
    if (sizes.isEmpty()) sizes.addAll(DEFAULT_R);
    if (translateOnly) {
      GatewayTranslateBench.run(sizes, changes, warmup);
      return;
    }

    System.out.println("# builtin gateway at scale: route PUT → first 200 through Envoy\n");
    System.out.println(Machine.describe());
    System.out.println("- run with: `" + RUN_COMMAND + String.join("", Stream.of(args).map(a -> " " + a).toList()) + "`\n");

    List<Result> results = new ArrayList<>();
    int failures = 0;
    for (int r : sizes) {
      Result result = measure(r, changes, warmup);
      if (result.failure() != null) failures++;
      results.add(result);
    }

    System.out.println("| routes R | N samples | p50 ms | p99 ms | max ms | store PUT p50 ms | xds-server RSS MiB | store RSS MiB | Envoy RSS MiB | load R routes s | Envoy serves all s |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Result r : results) {
      if (r.samples() == null) {
        System.out.printf(Locale.ROOT, "| %d | FAILED: %s |||||||||%n", r.routes(), r.failure());
        continue;
      }
      Percentiles p = Percentiles.of(r.samples());
      Percentiles put = Percentiles.of(r.putNanos());
      System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.1f | %.1f |%n", r.routes(),
          p.count(), p.ms(50), p.ms(99), p.maxMs(), put.ms(50), r.xdsRssKiB() / 1024.0, r.storeRssKiB() / 1024.0,
          r.envoyRssKiB() / 1024.0, r.loadSeconds(), r.readySeconds());
    }
    System.out.println();
    for (Result r : results) {
      if (r.stages() == null) continue;
      System.out.println("Budget of one new route at R=" + r.routes() + " (" + r.samples().length + " samples; each stage's own p50/p99):\n");
      System.out.println("| stage | p50 ms | p99 ms |");
      System.out.println("|---|---|---|");
      for (int s = 0; s < RouteBudget.STAGES.size(); s++) {
        Percentiles p = Percentiles.of(r.stages()[s]);
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f |%n", RouteBudget.STAGES.get(s), p.ms(50), p.ms(99));
        if (RouteBudget.STAGES.get(s).equals("reconcile")) {
          Percentiles t = Percentiles.of(r.stages()[RouteBudget.STAGES.size()]);
          System.out.printf(Locale.ROOT, "| ↳ %s | %.2f | %.2f |%n", RouteBudget.TRANSLATION, t.ms(50), t.ms(99));
        }
      }
      Percentiles whole = Percentiles.of(r.samples());
      System.out.printf(Locale.ROOT, "| **PUT → first 200** | **%.2f** | **%.2f** |%n%n", whole.ms(50), whole.ms(99));
      System.out.printf(Locale.ROOT, "Inside push → ACK, Envoy applying the table took %.2f ms on average (its own RDS "
          + "`update_duration`: %.0f updates, %.1f ms in all, from its admin's histogram before and after the samples).%n%n",
          r.envoyRds()[0] / Math.max(1, r.envoyRds()[1]), r.envoyRds()[1], r.envoyRds()[0]);
      System.out.println("LDS/CDS/EDS responses sent during the " + r.samples().length + " samples: " + r.otherPushes()
          + " (a new route is an RDS change only).\n");
    }
    System.out.println("Anchors at 3000 routes (route change → served): Envoy Gateway ~600 ms, Istio 120–300 ms, "
        + "agentgateway 10–30 ms; aim: under 50 ms.\n");
    List<String> notes = new ArrayList<>();
    notes.add("topology: store (embedded backend) + xds-server + one BUILTIN gateway Dataplane `gw` run by atrium-dp with a "
        + "real Envoy; one MeshGateway with one HTTP listener; one echo app registered as Dataplane `" + BACKEND
        + "` whose inbound port is the app's own. Each route is its own MeshGatewayRoute with one EXACT path `/r-<i>` to "
        + "the backend. Fresh processes per R.");
    notes.add("loading: the R routes are PUT through the store's REST API (" + LOAD_THREADS + " writers) before the gateway "
        + "starts; 'Envoy serves all' = from starting atrium-dp until `/r-(R-1)` answers 200 (polled; readiness only).");
    notes.add("warm-up: " + warmup + " route additions before the measured ones, not counted (their times are on stderr): "
        + "a control plane in service runs its translation compiled by C2, which takes some tens of passes.");
    notes.add("sample: " + changes + " changes, one at a time, " + SPACING_MS + " ms apart; t0 just before the PUT of "
        + "MeshGatewayRoute `new-<k>` (EXACT `/new-<k>`); then GET `/new-<k>` through Envoy in a tight loop (1 ms sleep "
        + "between requests, one keep-alive HTTP/1.1 connection, bounded " + SAMPLE_TIMEOUT_MS / 1000 + " s) until 200; "
        + "sample = first 200 − t0 (store commit with fsync, Watch, reconcile, RDS push, Envoy applies). The polling "
        + "adds up to ~1 ms plus one request round trip. Nearest rank: with 30 samples p99 is the max.");
    notes.add("budget: the xds-server's timers (`atrium_xds_propagation_seconds{stage}`, `atrium_xds_delivery_seconds{type=\"rds\"}`) "
        + "read before each PUT and after its first 200; a sample's stage = the difference of the sums. store PUT = until the "
        + "REST answer (validation, commit with fsync); watch = from the store's stamp (taken just before its commit) to "
        + "the change arriving at the xds-server; queue = arrival to its reconcile pass; reconcile = the pass (mesh "
        + "snapshot, translation of the gateway, publishing to the stream); push → ACK = the RDS response sent until "
        + "Envoy ACKs it (Envoy has applied the table; its own share, Envoy's RDS `update_duration`, is printed under the "
        + "table: the rest is serialization, TLS, transfer and the ACK's way back); ACK → first 200 = what is left of the sample (the bench's "
        + "polling). Stages overlap where watch outlasts the PUT's answer; the rest is counted from the later of the two.");
    notes.add("memory: VmRSS after the changes, no GC forced. Envoy = the `envoy` process started under the gateway's "
        + "atrium-dp (found by its work directory in /proc/<pid>/cmdline).");
    for (Result r : results) {
      if (r.samples() != null) notes.add("R=" + r.routes() + ": samples in order (ms): " + String.join(" ",
          Arrays.stream(r.samples()).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v / 1e6)).toList()));
    }
    for (Result r : results) {
      if (r.xdsFlags() != null && !r.xdsFlags().isEmpty()) notes.add("R=" + r.routes() + ": xds-server JVM flags `" + r.xdsFlags() + "`");
      if (r.failure() != null) notes.add("R=" + r.routes() + ": FAILED: " + r.failure());
    }
    notes.forEach(n -> System.out.println("- " + n));
    System.exit(failures == 0 ? 0 : 1);
  }

  private static Result measure(int routes, int changes, int warmup) {
    Path work = workDir("atrium-bench-gateway-");
    String xdsFlags = null;
    try (StoreProcess store = StoreProcess.embedded(work.resolve("store")).start();
         XdsServerProcess xds = new XdsServerProcess(store, work.resolve("xds")).start();
         EchoServer echo = EchoServer.start(BACKEND)) {
      xdsFlags = xds.jvmFlags();
      String api = BuiltinGatewayTopology.meshApi(store);
      int listener = BuiltinGatewayTopology.putGatewayAndBackend(store, echo.port());

      progress("R=" + routes + ": PUT " + routes + " routes");
      long t = System.nanoTime();
      BuiltinGatewayTopology.putRoutes(store, routes);
      double loadSeconds = (System.nanoTime() - t) / 1e9;

      progress("R=" + routes + ": starting the gateway's Envoy");
      int adminPort = Ports.free();
      Path dpFile = BuiltinGatewayTopology.writeGatewayDataplane(work.resolve("gw.yaml"));
      Path agentDir = work.resolve("agents");
      t = System.nanoTime();
      try (DataplaneAgent agent = new DataplaneAgent(xds, dpFile, adminPort, agentDir).start(Duration.ofSeconds(60))) {
        String base = "http://127.0.0.1:" + listener;
        long deadline = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000;
        while (Http.status(base + "/r-" + (routes - 1)) != 200) {
          if (System.nanoTime() > deadline) throw new IllegalStateException("Envoy does not serve /r-" + (routes - 1)
              + " after " + READY_TIMEOUT_MS / 1000 + " s" + oom(work));
          Thread.sleep(50);
        }
        double readySeconds = (System.nanoTime() - t) / 1e9;
        Thread.sleep(SETTLE_MS);

        // A running control plane is warm: the first additions (JIT compilation of the translate path)
        // are made and printed, but not counted.
        progress("R=" + routes + ": " + warmup + " warm-up additions, then " + changes + " measured");
        long[] samples = new long[changes];
        long[] putNanos = new long[changes];
        long[][] stages = new long[RouteBudget.STAGES.size() + 1][changes];
        RouteBudget budget = new RouteBudget(xds.url(), "http://127.0.0.1:" + adminPort);
        long otherPushes = 0;
        double[] envoyBefore = null;
        for (int k = -warmup; k < changes; k++) {
          if (k == 0) {
            Thread.sleep(ENVOY_FLUSH_MS);
            envoyBefore = budget.envoyRdsUpdates();
          }
          String name = k < 0 ? "warm" + k : "new-" + k;
          String url = base + "/" + name;
          String yaml = route(name, "/" + name);
          RouteBudget.Sums before = budget.read();
          long t0 = System.nanoTime();
          Http.putYaml(api + "meshgatewayroutes/" + name, yaml);
          if (k >= 0) putNanos[k] = System.nanoTime() - t0;
          long end = t0 + SAMPLE_TIMEOUT_MS * 1_000_000;
          while (true) {
            int s = Http.status(url);
            long now = System.nanoTime();
            if (s == 200) {
              if (k >= 0) {
                samples[k] = now - t0;
                RouteBudget.Sums after = budget.readAfter(before);
                otherPushes += (long) (after.otherPushes() - before.otherPushes());
                long[] st = RouteBudget.stages(samples[k], putNanos[k], before, after);
                for (int i = 0; i < st.length; i++) stages[i][k] = st[i];
              }
              else progress("  warm-up " + (k + warmup + 1) + ": " + String.format("%.1f ms", (now - t0) / 1e6));
              break;
            }
            if (now > end) throw new IllegalStateException(name + " not served " + SAMPLE_TIMEOUT_MS / 1000 + " s after its PUT" + oom(work));
            Thread.sleep(1);
          }
          Thread.sleep(SPACING_MS);
        }
        Thread.sleep(ENVOY_FLUSH_MS);
        double[] envoyAfter = budget.envoyRdsUpdates();
        double[] envoyRds = {envoyAfter[0] - envoyBefore[0], envoyAfter[1] - envoyBefore[1]};
        long envoyRss = envoyRssKiB(agentDir.resolve("dp-" + adminPort));
        String failure = oom(work).isEmpty() ? null : "the xds-server logged an OutOfMemoryError";
        return new Result(routes, loadSeconds, readySeconds, samples, putNanos, stages, otherPushes, envoyRds, xds.rssKiB(),
            store.rssKiB(), envoyRss, xdsFlags, failure);
      }
    } catch (Exception e) {
      progress("R=" + routes + " failed: " + e);
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("") + oom(work);
      return new Result(routes, 0, 0, null, null, null, 0, null, 0, 0, 0, xdsFlags, message);
    } finally {
      deleteTree(work);
    }
  }

  private static String route(String name, String path) {
    return BuiltinGatewayTopology.route(name, path);
  }

  /** VmRSS of the envoy process whose command line names the agent's work directory; -1 if none is found. */
  static long envoyRssKiB(Path agentWorkDir) {
    String marker = agentWorkDir.toString();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
          String comm = Files.readString(p.resolve("comm")).trim();
          if (!comm.startsWith("envoy") || !cmdline.contains(marker)) continue;
          for (String line : Files.readAllLines(p.resolve("status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.substring(6).replace("kB", "").trim());
          }
        } catch (IOException | RuntimeException gone) {
          // exited while listing, or not ours to read
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static String oom(Path work) {
    try (Stream<Path> files = Files.walk(work)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith("xds-server")).toList()) {
        if (Files.readString(f).contains("OutOfMemoryError")) {
          return " (the xds-server ran out of heap; flags left as JavaProcess sets them)";
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
    return "";
  }
}
