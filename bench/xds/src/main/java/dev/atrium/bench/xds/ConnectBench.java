package dev.atrium.bench.xds;

import static dev.atrium.testing.bench.BenchSupport.deleteTree;
import static dev.atrium.testing.bench.BenchSupport.firstLine;
import static dev.atrium.testing.bench.BenchSupport.progress;
import static dev.atrium.testing.bench.BenchSupport.workDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.token.DataplaneTokens;
import dev.atrium.security.token.SigningKeyLookup;
import dev.atrium.testing.bench.Machine;
import dev.atrium.testing.bench.Percentiles;
import dev.atrium.testing.process.DataplaneTokenRequests;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What authenticating proxies costs when a fleet connects: N proxies, each with its own name-bound
 * dataplane token, open their ADS streams at once against a fresh store and xds-server, once with
 * {@code ATRIUM_XDS_AUTH_TYPE=dpToken} and once with {@code none} (the same tokens presented, ignored).
 * Per proxy: stream opened → first full configuration ACKed; for the server: CPU seconds of the connect
 * phase (until every proxy converged, and until the server is quiet again, its insight writes done) and
 * RSS. The CPU difference per proxy is the token checks' cost; a microbenchmark of one
 * {@link DataplaneTokens#verify} in this JVM gives the same cost without the noise of the whole phase.
 *
 * <p>Usage: {@value #RUN_COMMAND} [N] [--rounds=2]
 */
public final class ConnectBench {
  static final String RUN_COMMAND = "bench/xds/run.sh --connect";
  private static final List<String> MODES = List.of("dpToken", "none");
  private static final long CONVERGE_TIMEOUT_MS = 180_000;
  private static final int WARM_UP = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(String mode, int n, Percentiles connect, double cpuConvergedSeconds, double cpuQuietSeconds,
      double convergeSeconds, long rssKiB, int streamsFailed, String firstStreamFailure, String failure) {}

  private ConnectBench() {}

  public static void main(String[] args) throws Exception {
    int n = 1000;
    int rounds = 2;
    for (String a : args) {
      if (a.equals("--connect")) continue;
      if (a.startsWith("--rounds=")) rounds = Integer.parseInt(a.substring(9));
      else n = Topology.of(Integer.parseInt(a)).proxies();
    }
    System.out.println("# xds-server benchmark: proxies connecting with dataplane tokens\n");
    System.out.println(Machine.describe());
    System.out.println("- run with: `bench/xds/run.sh" + String.join("", List.of(args).stream().map(a -> " " + a).toList()) + "`\n");

    List<Run> runs = new ArrayList<>();
    double verifyMicros = Double.NaN;
    for (int round = 1; round <= rounds; round++) {
      // Alternating modes, so that whatever else loads the machine is spread over both.
      for (String mode : round % 2 == 1 ? MODES : List.of(MODES.get(1), MODES.get(0))) {
        Run r = measure(mode, n, round);
        runs.add(r);
        if (Double.isNaN(verifyMicros) && r.failure() == null && mode.equals("dpToken")) verifyMicros = lastVerifyMicros;
      }
    }
    System.out.println(table(runs));
    long failures = runs.stream().filter(r -> r.failure() != null).count();
    List<String> notes = new ArrayList<>();
    notes.add(cost(runs, n));
    notes.add(String.format(Locale.ROOT, "one `DataplaneTokens.verify` (RS256, 2048-bit key, claims parsed) in this JVM: "
        + "%.1f µs (median of 20 batches of 1,000, after 5,000 warm-up calls)", verifyMicros));
    notes.add("each run: fresh store (embedded) and xds-server; " + n + " Dataplanes registered through the REST API; "
        + "one token per proxy from `POST /tokens/dataplane` (name-bound, mesh default); the server quiet "
        + "(≤ " + XdsBench.QUIET_TICKS + " ticks/s) before the fleet opens, after a warm-up fleet of " + WARM_UP
        + " proxies connected, converged and left; every stream on its own TLS connection "
        + "(as Envoy), all opened at once. connect = per proxy, stream opened → CDS, LDS, EDS and RDS all "
        + "ACKed (nearest rank). CPU = utime+stime of the xds-server from /proc/<pid>/stat, from just before "
        + "the fleet opens until the last proxy converged, and until the server is quiet again (DataplaneInsight "
        + "writes done). RSS = VmRSS after convergence.");
    for (Run r : runs) if (r.failure() != null) notes.add(r.mode() + ": FAILED: " + r.failure());
    for (Run r : runs) if (r.firstStreamFailure() != null) notes.add(r.mode() + ": " + r.streamsFailed()
        + " stream(s) failed before converging (a real proxy reconnects; these are left out of the percentiles); first: "
        + firstLine(r.firstStreamFailure()));
    notes.forEach(line -> System.out.println("- " + line));
    System.exit(failures == 0 ? 0 : 1);
  }

  private static double lastVerifyMicros = Double.NaN;

  private static Run measure(String mode, int n, int round) {
    Topology topology = Topology.of(n);
    Path work = workDir("atrium-bench-connect-");
    try (StoreProcess store = StoreProcess.embedded(work).start()) {
      progress(mode + " #" + round + ": registering " + n + " Dataplanes");
      new DataplaneWriter(store.apiUrl()).putAll(n, Topology::proxyName, topology::dataplaneJson);
      progress(mode + " #" + round + ": issuing " + n + " dataplane tokens");
      String[] tokens = issueTokens(store.apiUrl(), n);
      if (mode.equals("dpToken")) lastVerifyMicros = verifyMicros(store.apiUrl(), tokens[0]);
      try (XdsServerProcess xds = new XdsServerProcess(store, work).withEnv("ATRIUM_XDS_AUTH_TYPE", mode).start()) {
        List<Long> pids = List.of(xds.pid(), store.pid());
        ProcStats.awaitQuiet(pids, XdsBench.QUIET_WINDOW_MS, XdsBench.QUIET_TICKS, XdsBench.QUIET_TIMEOUT_MS);
        // A warm-up fleet first: cold, both JVMs compile their TLS, HTTP/2 and xDS code while 1000
        // handshakes wait, and a few time out (Envoy would retry; these clients do not).
        progress(mode + " #" + round + ": warm-up fleet of " + WARM_UP + " proxies");
        try (AdsFleet warmUp = new AdsFleet().open(xds.port(), xds.caFile(), Math.min(WARM_UP, n), 1, i -> tokens[i])) {
          warmUp.awaitConverged(CONVERGE_TIMEOUT_MS);
        }
        ProcStats.awaitQuiet(pids, XdsBench.QUIET_WINDOW_MS, XdsBench.QUIET_TICKS, XdsBench.QUIET_TIMEOUT_MS);
        long clk = ProcStats.clockTicks();
        progress(mode + " #" + round + ": connecting " + n + " proxies");
        long before = ProcStats.cpuTicks(xds.pid());
        try (AdsFleet fleet = new AdsFleet().open(xds.port(), xds.caFile(), n, 1, i -> tokens[i])) {
          long opened = System.nanoTime();
          int failed = fleet.awaitConvergedOrFailed(CONVERGE_TIMEOUT_MS);
          double convergeSeconds = (System.nanoTime() - opened) / 1e9;
          long converged = ProcStats.cpuTicks(xds.pid());
          long rss = xds.rssKiB();
          ProcStats.awaitQuiet(pids, XdsBench.QUIET_WINDOW_MS, XdsBench.QUIET_TICKS, XdsBench.QUIET_TIMEOUT_MS);
          long quiet = ProcStats.cpuTicks(xds.pid());
          return new Run(mode, n, Percentiles.of(fleet.connectNanos()), (converged - before) / (double) clk,
              (quiet - before) / (double) clk, convergeSeconds, rss, failed, fleet.firstFailure(), null);
        } catch (Exception e) {
          System.err.println("[bench] " + mode + " failed: " + e.getMessage() + "\nxds-server log (tail):\n" + xds.logTail());
          return new Run(mode, n, null, Double.NaN, Double.NaN, Double.NaN, 0, 0, null, firstLine(e.getMessage()));
        }
      }
    } catch (Exception e) {
      return new Run(mode, n, null, Double.NaN, Double.NaN, Double.NaN, 0, 0, null, firstLine(e.getMessage()));
    } finally {
      deleteTree(work);
    }
  }

  /** One name-bound token per proxy, from the store as an operator gets them (4 requests at a time). */
  private static String[] issueTokens(String apiUrl, int n) throws InterruptedException {
    String[] tokens = new String[n];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      pool.execute(() -> {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          tokens[i] = DataplaneTokenRequests.issue(apiUrl, "default", Topology.proxyName(i));
        }
      });
    }
    pool.shutdown();
    if (!pool.awaitTermination(5, TimeUnit.MINUTES)) throw new IllegalStateException("issuing tokens took over 5 minutes");
    for (String t : tokens) if (t == null) throw new IllegalStateException("a token was not issued (see the errors above)");
    return tokens;
  }

  /** Microseconds per {@link DataplaneTokens#verify} of {@code token} with the mesh's key (read over REST). */
  private static double verifyMicros(String apiUrl, String token) throws Exception {
    HttpResponse<String> secret = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(apiUrl + "/meshes/default/secrets/dataplane-token-signing-key-default-1")).build(),
        HttpResponse.BodyHandlers.ofString());
    String pem = new String(Base64.getDecoder().decode(JSON.readTree(secret.body()).path("data").asText()), StandardCharsets.US_ASCII);
    PublicKey key = Pem.publicKey(pem);
    SigningKeyLookup keys = new SigningKeyLookup() {
      @Override
      public Optional<PublicKey> publicKey(String kid) {
        return Optional.of(key);
      }

      @Override
      public String notFoundMessage(String kid) {
        return "no key " + kid;
      }
    };
    Clock clock = Clock.systemUTC();
    for (int i = 0; i < 5_000; i++) DataplaneTokens.verify(token, keys, Set.of(), clock);
    long[] batches = new long[20];
    for (int b = 0; b < batches.length; b++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 1_000; i++) DataplaneTokens.verify(token, keys, Set.of(), clock);
      batches[b] = (System.nanoTime() - t0) / 1_000;
    }
    Arrays.sort(batches);
    return batches[batches.length / 2] / 1_000.0;
  }

  static String table(List<Run> runs) {
    StringBuilder sb = new StringBuilder();
    sb.append("| auth | N | connect → first config p50 | p99 | max | all converged | streams failed | xds-server CPU to converged | "
        + "CPU to quiet | CPU per proxy (to quiet) | RSS after |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Run r : runs) {
      if (r.failure() != null) {
        sb.append("| ").append(r.mode()).append(" | ").append(r.n()).append(" | FAILED | | | | | | | | |\n");
        continue;
      }
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.1f s | %d | %.2f s | %.2f s | %.2f ms | %.0f MiB |%n",
          r.mode(), r.n(), r.connect().ms(50), r.connect().ms(99), r.connect().maxMs(), r.convergeSeconds(), r.streamsFailed(),
          r.cpuConvergedSeconds(), r.cpuQuietSeconds(), r.cpuQuietSeconds() / r.n() * 1000, r.rssKiB() / 1024.0));
    }
    return sb.toString();
  }

  /** The token checks' cost: mean CPU per proxy with dpToken minus with none. */
  private static String cost(List<Run> runs, int n) {
    double token = mean(runs, "dpToken");
    double none = mean(runs, "none");
    if (Double.isNaN(token) || Double.isNaN(none)) return "token checks' cost: not measured (a run failed)";
    return String.format(Locale.ROOT, "token checks' cost, from the connect phase (CPU to quiet, mean over the runs of each mode): "
        + "dpToken %.2f s − none %.2f s = %.2f s for %d proxies = %.0f µs per proxy (within the noise of the phase "
        + "when it is near the microbenchmark's figure below or negative)", token, none, token - none, n, (token - none) / n * 1e6);
  }

  private static double mean(List<Run> runs, String mode) {
    return runs.stream().filter(r -> r.mode().equals(mode) && r.failure() == null).mapToDouble(Run::cpuQuietSeconds)
        .average().orElse(Double.NaN);
  }
}
