package dev.atrium.bench.xds;

import static dev.atrium.testing.bench.BenchSupport.deleteTree;
import static dev.atrium.testing.bench.BenchSupport.firstLine;
import static dev.atrium.testing.bench.BenchSupport.progress;
import static dev.atrium.testing.bench.BenchSupport.workDir;

import dev.atrium.testing.bench.Machine;

import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmarks the packaged xds-server with N simulated proxies on ADS (fresh store and xds-server per
 * N): time for all of them to converge, change-to-ACK latency of endpoint changes and who got pushed,
 * broadcast changes (a Mesh-wide policy concerning every proxy), the server's memory per connected proxy, and
 * idle CPU. Prints a Markdown report on stdout
 * (progress on stderr). A program, not a test: {@code mvn verify} never runs it.
 *
 * <p>Usage: {@value #RUN_COMMAND} [N ...] [--changes=20] [--idle-seconds=60] [--streams-per-connection=1] [--mtls]
 * [--broadcasts=10] [--warmup-broadcasts=20]
 */
public final class XdsBench {
  static final String RUN_COMMAND = "bench/xds/run.sh";
  private static final List<Integer> DEFAULT_N = List.of(100, 1000);
  private static final long SETTLE_MS = 2_000;
  private static final long CONVERGE_TIMEOUT_MS = 120_000;
  private static final long SPACING_MS = 200;
  /** Quiet = at most QUIET_TICKS of CPU per process in QUIET_WINDOW_MS (2% of one core at CLK_TCK 100). */
  static final long QUIET_WINDOW_MS = 1_000;
  static final long QUIET_TICKS = 2;
  static final long QUIET_TIMEOUT_MS = 60_000;
  /** Work directories not yet deleted; a shutdown hook removes them if the run is interrupted. */

  private record Options(List<Integer> sizes, int changes, int idleSeconds, int streamsPerConnection, boolean mtls,
      int broadcasts, int warmupBroadcasts) {}

  /** {@code --mtls}: one row per N of the certificate table, and where the CA came from. */
  private static final List<String> MTLS_ROWS = new ArrayList<>();
  private static final List<String> MTLS_NOTES = new ArrayList<>();
  static final List<String> MESH_SECRETS = List.of("identity_cert:secret:default", "mesh_ca:secret:default");

  private XdsBench() {}

  public static void main(String[] args) {
    Options options = parse(args);
    System.out.println("# xds-server benchmark\n");
    System.out.println(Machine.describe());
    System.out.println("- run with: `" + RUN_COMMAND + String.join("", List.of(args).stream().map(a -> " " + a).toList()) + "`\n");

    List<RunResult> runs = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int failures = 0;
    for (int n : options.sizes()) {
      RunResult.Builder b = new RunResult.Builder();
      b.topology = Topology.of(n);
      try {
        runs.add(measure(b, options));
      } catch (Exception e) {
        failures++;
        System.err.println("[bench] N=" + n + " failed: " + e.getMessage());
        runs.add(b.build(firstLine(e.getMessage())));
        notes.add("N=" + n + ": FAILED, figures after the failure missing (" + firstLine(e.getMessage()) + ")");
      }
    }

    System.out.println(Report.table(runs));
    if (options.mtls()) {
      System.out.println("\nmTLS (`--mtls`): the mesh has a builtin CA before the proxies connect; each proxy also subscribes SDS to "
          + MESH_SECRETS + " and has converged only once it ACKed both.\n");
      System.out.println("| N | certificates issued | issuing time, sum (reconcile thread) | per certificate | xds-server CPU, fleet open → converged | converged (wall) |");
      System.out.println("|---|---|---|---|---|---|");
      MTLS_ROWS.forEach(System.out::println);
      System.out.println();
      MTLS_NOTES.forEach(n -> System.out.println("- " + n));
    }
    long clk = ProcStats.clockTicks();
    for (RunResult r : runs) notes.add("N=" + r.topology().proxies() + ": " + r.topology().describe()
        + (Double.isNaN(r.registerSeconds()) ? "" : String.format(Locale.ROOT, "; registering them took %.1f s", r.registerSeconds())));
    notes.add("client: one SotW ADS stream per proxy (grpc-java, Envoy API stubs), node.id `default.dp-<i>` on every "
        + "request; subscribes CDS+LDS (wildcard), then EDS to the EDS clusters and RDS to the HTTP connection managers' "
        + "route_config_name; ACKs every response with its version and nonce. Streams per connection: "
        + options.streamsPerConnection() + (options.streamsPerConnection() == 1 ? " (one HTTP/2 connection per proxy, as Envoy)" : "") + ".");
    notes.add("changes: " + options.changes() + ", one at a time, starts " + SPACING_MS + " ms apart (later if one took longer); "
        + "each PUTs a new Dataplane `new-<c>` offering svc-(c mod S) through the store's REST API. Sample = last affected "
        + "proxy ACKed an EDS response containing the new endpoint − just before the PUT (store commit with fsync, Watch, "
        + "reconcile, push, ACK). With " + options.changes() + " samples p99 is the maximum.");
    notes.add("memory: RSS (VmRSS) " + SETTLE_MS / 1000 + " s after the xds-server is ready, with all Dataplanes stored and "
        + "no stream, after a full GC (jcmd GC.run); then right after convergence (no GC before it). Per proxy = "
        + "difference / N. Live heap = young + old used after jcmd GC.run, taken after each RSS reading.");
    notes.add("quiet: the changes, and then the idle window, start once the xds-server and the store have each used at most "
        + QUIET_TICKS + " clock ticks of CPU in " + QUIET_WINDOW_MS + " ms (work left from the previous phase, such as "
        + "status writes after the fleet connected, has drained; at most " + QUIET_TIMEOUT_MS / 1000 + " s). The row "
        + "'until quiet' is that wait after convergence.");
    notes.add("idle: " + options.idleSeconds() + " s with every proxy connected and no change; CPU = utime+stime from "
        + "/proc/<pid>/stat (CLK_TCK " + clk + ") over wall time, in % of one core.");
    for (RunResult r : runs) {
      if (r.changes() != null) notes.add("N=" + r.topology().proxies() + ": change samples in order (ms): "
          + String.join(" ", Arrays.stream(r.changes().samplesNanos())
              .mapToObj(v -> String.format(Locale.ROOT, "%.0f", v / 1e6)).toList()));
    }
    notes.add("broadcasts: MeshTimeout `" + BroadcastRun.POLICY + "` (targetRef Mesh, one `to: Mesh` entry setting "
        + "connectionTimeout and http.requestTimeout) PUT through the store's REST API once (not measured), changed "
        + options.warmupBroadcasts() + " times while the JIT compiles the broadcast's code (warm-up: the first broadcasts "
        + "after a start, reported apart), then changed " + options.broadcasts() + " times, the measured ones, each after the xds-server and the store are quiet; every change concerns every proxy "
        + "(its CDS and RDS). Per proxy: it ACKed a CDS response whose EDS clusters carry the new connect timeout and an RDS "
        + "response with a route carrying the new timeout − just before the PUT; p50/p99 over all proxies of all changes. "
        + "All ACKed = the last proxy's sample, per change. CPU: xds-server utime+stime from the PUT to the last ACK; "
        + "translation: atrium_xds_generation_seconds_sum{changed=\"true\"} over the same window.");
    for (RunResult r : runs) {
      if (r.broadcasts() != null && r.broadcasts().warmupNanos().length > 0) notes.add("N=" + r.topology().proxies()
          + ": warm-up broadcasts after the start → all ACKed in order (ms): " + String.join(" ",
              Arrays.stream(r.broadcasts().warmupNanos()).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v / 1e6)).toList()));
      if (r.broadcasts() != null) notes.add("N=" + r.topology().proxies() + ": broadcast → all ACKed per change in order (ms): "
          + String.join(" ", Arrays.stream(r.broadcasts().toAllNanos())
              .mapToObj(v -> String.format(Locale.ROOT, "%.0f", v / 1e6)).toList()));
    }
    for (RunResult r : runs) {
      if (!r.xdsFlags().isEmpty()) notes.add("N=" + r.topology().proxies() + ": xds-server JVM flags `" + r.xdsFlags() + "`");
    }
    notes.forEach(n -> System.out.println("- " + n));
    System.exit(failures == 0 ? 0 : 1);
  }

  private static RunResult measure(RunResult.Builder b, Options o) throws Exception {
    Topology topology = b.topology;
    int n = topology.proxies();
    Path work = workDir("atrium-bench-xds-");
    try (StoreProcess store = StoreProcess.embedded(work).start()) {
      DataplaneWriter writer = new DataplaneWriter(store.apiUrl());
      if (o.mtls()) {
        progress("N=" + n + ": enabling mTLS on mesh default");
        MTLS_NOTES.add("N=" + n + ": the CA Secrets were written by the " + (MeshTlsSetup.enable(store.apiUrl()).equals("store")
            ? "resource-store's CA owner" : "bench (this store wrote none within 5 s)"));
      }
      progress("N=" + n + ": registering " + n + " Dataplanes");
      long start = System.nanoTime();
      writer.putAll(n, Topology::proxyName, topology::dataplaneJson);
      b.registerSeconds = (System.nanoTime() - start) / 1e9;

      progress("N=" + n + ": starting the xds-server");
      try (XdsServerProcess xds = new XdsServerProcess(store, work).start()) {
        try {
          b.xdsFlags = xds.jvmFlags();
          Thread.sleep(SETTLE_MS);
          b.heapIdleKiB = ProcStats.liveHeapKiB(xds.pid());
          b.rssIdleKiB = xds.rssKiB();

          progress("N=" + n + ": connecting " + n + " proxies");
          long xdsTicks0 = ProcStats.cpuTicks(xds.pid());
          try (AdsFleet fleet = new AdsFleet().subscribeSecrets(o.mtls() ? MESH_SECRETS : List.of())
              .open(xds.port(), xds.caFile(), n, o.streamsPerConnection(), xds.dataplaneToken("default", null))) {
            b.channels = fleet.channelCount();
            b.convergeMs = fleet.awaitConverged(CONVERGE_TIMEOUT_MS) / 1e6;
            if (o.mtls()) {
              double cpu = (ProcStats.cpuTicks(xds.pid()) - xdsTicks0) / (double) ProcStats.clockTicks();
              double issued = XdsMetricsReader.value(xds, "atrium_xds_certificates_issued_total");
              double sum = XdsMetricsReader.value(xds, "atrium_xds_certificate_generation_seconds_sum");
              MTLS_ROWS.add(String.format(Locale.ROOT, "| %d | %.0f | %.2f s | %.2f ms | %.2f s | %.1f s |", n, issued, sum,
                  issued > 0 ? sum * 1000 / issued : Double.NaN, cpu, b.convergeMs / 1000));
            }
            b.rssConvergedKiB = xds.rssKiB();
            b.heapConvergedKiB = ProcStats.liveHeapKiB(xds.pid());

            List<Long> pids = List.of(xds.pid(), store.pid());
            progress("N=" + n + ": waiting for the xds-server and the store to be quiet");
            b.settleMs = ProcStats.awaitQuiet(pids, QUIET_WINDOW_MS, QUIET_TICKS, QUIET_TIMEOUT_MS);

            progress("N=" + n + ": " + o.changes() + " endpoint changes");
            b.changes = ChangeRun.run(fleet, writer, topology, o.changes(), SPACING_MS);

            if (o.broadcasts() > 0) {
              progress("N=" + n + ": " + o.warmupBroadcasts() + " warm-up and " + o.broadcasts()
                  + " broadcast changes (a Mesh-wide MeshTimeout)");
              b.broadcasts = BroadcastRun.run(fleet, writer, xds, pids, n, o.warmupBroadcasts(), o.broadcasts());
            }

            if (ProcStats.awaitQuiet(pids, QUIET_WINDOW_MS, QUIET_TICKS, QUIET_TIMEOUT_MS) < 0) {
              progress("N=" + n + ": not quiet after " + QUIET_TIMEOUT_MS / 1000 + " s; measuring idle anyway");
            }
            progress("N=" + n + ": idle for " + o.idleSeconds() + " s");
            idle(b, fleet, xds.pid(), store.pid(), o.idleSeconds());
            b.storeRssKiB = store.rssKiB();
            fleet.failIfBroken();
          }
          if (outOfMemory(work)) throw new IllegalStateException("the xds-server logged an OutOfMemoryError");
          return b.build(null);
        } catch (Exception e) {
          if (outOfMemory(work)) {
            throw new IllegalStateException("N=" + n + " does not fit: the xds-server ran out of heap with `"
                + b.xdsFlags + "` (flags left as JavaProcess sets them). " + firstLine(e.getMessage()), e);
          }
          throw new IllegalStateException(firstLine(e.getMessage()) + "\nxds-server log (tail):\n" + xds.logTail(), e);
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  private static void idle(RunResult.Builder b, AdsFleet fleet, long xdsPid, long storePid, int seconds)
      throws InterruptedException {
    long clk = ProcStats.clockTicks();
    int[][] before = fleet.responseCounts();
    long xds0 = ProcStats.cpuTicks(xdsPid);
    long store0 = ProcStats.cpuTicks(storePid);
    long t0 = System.nanoTime();
    long end = t0 + seconds * 1_000_000_000L;
    long xdsLast = xds0;
    long storeLast = store0;
    for (int second = 1; System.nanoTime() < end; second++) {
      Thread.sleep(Math.min(1_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      fleet.failIfBroken();
      if (second % 10 == 0) { // where in the window the CPU went: steady, or a tail of earlier work
        long x = ProcStats.cpuTicks(xdsPid);
        long st = ProcStats.cpuTicks(storePid);
        progress("idle " + second + " s: xds-server +" + (x - xdsLast) + " ticks, store +" + (st - storeLast) + " ticks");
        xdsLast = x;
        storeLast = st;
      }
    }
    long xds1 = ProcStats.cpuTicks(xdsPid);
    long store1 = ProcStats.cpuTicks(storePid);
    double wallSeconds = (System.nanoTime() - t0) / 1e9;
    b.xdsCpuPercent = (xds1 - xds0) / (double) clk / wallSeconds * 100;
    b.storeCpuPercent = (store1 - store0) / (double) clk / wallSeconds * 100;
    int[][] after = fleet.responseCounts();
    long pushes = 0;
    for (int p = 0; p < after.length; p++) {
      for (int t = 0; t < after[p].length; t++) pushes += after[p][t] - before[p][t];
    }
    b.idlePushes = pushes;
  }

  private static boolean outOfMemory(Path work) {
    try (Stream<Path> files = Files.list(work)) {
      for (Path log : files.filter(f -> f.getFileName().toString().startsWith("xds-server")).toList()) {
        if (Files.readString(log).contains("OutOfMemoryError")) return true;
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static Options parse(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    int changes = 20;
    int idle = 60;
    int perConnection = 1;
    boolean mtls = false;
    int broadcasts = 10;
    int warmupBroadcasts = 20;
    try {
      for (String a : args) {
        if (a.startsWith("--changes=")) changes = Integer.parseInt(a.substring(10));
        else if (a.startsWith("--idle-seconds=")) idle = Integer.parseInt(a.substring(15));
        else if (a.startsWith("--streams-per-connection=")) perConnection = Integer.parseInt(a.substring(25));
        else if (a.equals("--mtls")) mtls = true;
        else if (a.startsWith("--broadcasts=")) broadcasts = Integer.parseInt(a.substring(13));
        else if (a.startsWith("--warmup-broadcasts=")) warmupBroadcasts = Integer.parseInt(a.substring(20));
        else sizes.add(Topology.of(Integer.parseInt(a)).proxies());
      }
      if (changes < 1 || idle < 1 || perConnection < 1 || broadcasts < 0 || warmupBroadcasts < 0) throw new IllegalArgumentException("values must be positive");
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: " + RUN_COMMAND + " [N ...] [--changes=20] [--idle-seconds=60] [--streams-per-connection=1] [--mtls] [--broadcasts=10] [--warmup-broadcasts=20]");
      System.exit(2);
    }
    if (mtls) MTLS_NOTES.add(MeshTlsSetup.keyGeneration());
    return new Options(sizes.isEmpty() ? DEFAULT_N : sizes, changes, idle, perConnection, mtls, broadcasts, warmupBroadcasts);
  }
}
