package dev.atrium.bench.xds;

import static dev.atrium.testing.bench.BenchSupport.deleteTree;
import static dev.atrium.testing.bench.BenchSupport.progress;
import static dev.atrium.testing.bench.BenchSupport.workDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.testing.bench.Machine;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Proxies that come and go: N simulated proxies (their own process) connect to a fresh xds-server, the
 * process is killed with SIGKILL, and the bench times until the server has noticed — its
 * {@code atrium_xds_streams_active} at 0 and every DataplaneInsight Offline — then compares the server's
 * live heap with its value before the first connect. Repeated R times: a leak shows as growth.
 *
 * <p>Usage: {@code bench/xds/run.sh --churn [N] [--rounds=3]}
 */
public final class ChurnBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  // The xds-server's /q/metrics is HTTPS: trust its CA (TrustedCas).
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .sslContext(dev.atrium.testing.process.TrustedCas.sslContext()).build();
  private static final long TIMEOUT_MS = 120_000;
  private static final int WARM_UP = 10;
  /** GET /proxies keeps a gone proxy this long (default 60 s); 'after' is read once it has passed. */
  private static final int RETENTION_SECONDS = 10;

  private ChurnBench() {}

  public static void main(String[] args) throws Exception {
    int n = 1000;
    int rounds = 3;
    for (String a : args) {
      if (a.equals("--churn")) continue;
      if (a.startsWith("--rounds=")) rounds = Integer.parseInt(a.substring(9));
      else n = Topology.of(Integer.parseInt(a)).proxies();
    }
    System.out.println("# xds-server churn benchmark\n");
    System.out.println(Machine.describe());
    System.out.println("- run with: `bench/xds/run.sh --churn " + n + " --rounds=" + rounds + "`\n");
    final int proxies = n;
    Topology topology = Topology.of(n);
    Path work = workDir("atrium-bench-churn-");
    List<String> rows = new ArrayList<>();
    String flags;
    List<String> growthByRound = new ArrayList<>();
    try (StoreProcess store = StoreProcess.embedded(work).start()) {
      DataplaneWriter writer = new DataplaneWriter(store.apiUrl());
      progress("registering " + n + " Dataplanes");
      writer.putAll(n, Topology::proxyName, topology::dataplaneJson);
      try (XdsServerProcess xds = new XdsServerProcess(store, work)
          .withEnv("ATRIUM_XDS_DISCONNECTED_STATUS_RETENTION", RETENTION_SECONDS + "s").start()) {
        flags = xds.jvmFlags();
        Thread.sleep(2_000);
        long cold = liveKiB(xds.pid(), work);
        rows.add(String.format(Locale.ROOT, "| cold: before any proxy connected | — | — | — | — | %.1f | — |", cold / 1024.0));
        // A first connection loads what every later one shares (Envoy's proto descriptors, gRPC and HTTP/2
        // machinery, compiled translators): warm up with a small fleet so the baseline is per-proxy state only.
        progress("warm-up: " + WARM_UP + " proxies connect and are killed");
        Process warmUp = startFleet(xds, WARM_UP, work.resolve("fleet-warm-up.log"));
        awaitConverged(warmUp);
        warmUp.toHandle().destroyForcibly();
        warmUp.waitFor(10, TimeUnit.SECONDS);
        if (!eventually(() -> streamsActive(xds) == 0)) throw new IllegalStateException("warm-up streams still counted");
        awaitQuiet(xds, store);
        Thread.sleep(RETENTION_SECONDS * 1000L + 1000);
        String histogramBefore = ProcStats.classHistogram(xds.pid());
        long baseline = liveKiB(xds.pid(), work);
        rows.add(String.format(Locale.ROOT, "| baseline: after a warm-up of %d proxies, before the %d connect | %d | — | — | — | %.1f | — |",
            WARM_UP, n, n, baseline / 1024.0));
        for (int round = 1; round <= rounds; round++) {
          progress("round " + round + ": connecting " + n + " proxies");
          Process fleet = startFleet(xds, n, work.resolve("fleet-" + round + ".log"));
          double convergeMs = awaitConverged(fleet) / 1e6;
          if (!eventually(() -> streamsActive(xds) == proxies)) throw new IllegalStateException("not all streams counted");
          long connectedHeap = liveKiB(xds.pid(), work);
          if (!eventually(() -> onlineCount(store) == proxies)) throw new IllegalStateException("not all insights Online");

          progress("round " + round + ": SIGKILL to the fleet");
          long killedAt = System.nanoTime();
          fleet.toHandle().destroyForcibly();
          fleet.waitFor(10, TimeUnit.SECONDS);
          if (!eventually(() -> streamsActive(xds) == 0)) throw new IllegalStateException("streams still counted");
          long streamsZeroAt = System.nanoTime();
          double streamsMs = (streamsZeroAt - killedAt) / 1e6;
          if (!eventually(() -> onlineCount(store) == 0)) throw new IllegalStateException("insights still Online");
          double offlineMs = (System.nanoTime() - killedAt) / 1e6;
          awaitQuiet(xds, store);
          // The retention runs from each proxy's disconnect, the last of which is when the streams reached 0.
          long sinceLastDisconnect = (System.nanoTime() - streamsZeroAt) / 1_000_000;
          Thread.sleep(Math.max(0, RETENTION_SECONDS * 1000L + 1000 - sinceLastDisconnect));
          String histogramAfter = ProcStats.classHistogram(xds.pid());
          long after = liveKiB(xds.pid(), work);
          growthByRound.add("round " + round + ": " + ProcStats.histogramGrowth(histogramBefore, histogramAfter, 6));
          rows.add(String.format(Locale.ROOT, "| round %d | %d | %.0f | %.1f | %.0f / %.0f | %.1f | %+.1f %% |", round, n,
              convergeMs, connectedHeap / 1024.0, streamsMs, offlineMs, after / 1024.0, (after - baseline) * 100.0 / baseline));
        }
      }
    } finally {
      deleteTree(work);
    }
    System.out.println("| phase | proxies | connect → all converged (ms) | live heap connected (MiB) | SIGKILL → streams 0 / all insights Offline (ms) | live heap after (MiB) | vs. before |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
    System.out.println();
    System.out.println("- proxies: one SotW ADS stream each on its own HTTP/2 connection (grpc-java), all in one process killed "
        + "with SIGKILL: the kernel closes every connection, no stream is cancelled, as when hosts die.");
    System.out.println("- live heap: bytes of reachable objects in a heap dump of live objects (`jcmd GC.heap_dump`, "
        + "which collects first; sizes as HotSpot lays objects out with compressed oops, `HeapDumpSize`). 'after' is taken "
        + "once the xds-server and the store are quiet (insight writes done) and GET /proxies has let the gone proxies go "
        + "(ATRIUM_XDS_DISCONNECTED_STATUS_RETENTION=" + RETENTION_SECONDS + "s, default 60 s). xds-server JVM flags `" + flags + "`.");
    System.out.println("- classes that grew most from the baseline in `jcmd GC.class_histogram` (whose heap walk also counts dead "
        + "int[] fillers, hence a class histogram is not the measure above): "
        + String.join("; ", growthByRound));
  }

  private static long liveKiB(long pid, Path work) {
    return HeapDumpSize.liveBytes(pid, work) / 1024;
  }

  private static Process startFleet(XdsServerProcess xds, int n, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder fleet = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        FleetProcess.class.getName(), String.valueOf(xds.port()), xds.caFile().toString(), String.valueOf(n))
        .redirectError(log.toFile());
    fleet.environment().put(FleetProcess.TOKEN_ENV, xds.dataplaneToken("default", null));
    return fleet.start();
  }

  private static long awaitConverged(Process fleet) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(fleet.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(FleetProcess.CONVERGED)) return Long.parseLong(line.split(" ")[1]);
    }
    throw new IllegalStateException("the fleet process ended before converging (exit " + fleet.waitFor() + ")");
  }

  private static double streamsActive(XdsServerProcess xds) {
    for (String line : get(xds.url() + "/q/metrics").split("\n")) {
      if (line.startsWith("atrium_xds_streams_active ")) return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
    }
    return -1;
  }

  /** Dataplanes whose insight has a subscription without disconnectTime (Kuma's Online). */
  private static int onlineCount(StoreProcess store) {
    int online = 0;
    String next = store.apiUrl() + "/meshes/default/dataplanes/_overview?size=1000";
    try {
      while (next != null) {
        JsonNode page = JSON.readTree(get(next));
        for (JsonNode item : page.get("items")) {
          for (JsonNode s : item.at("/dataplaneInsight/subscriptions")) {
            if (!s.has("disconnectTime")) {
              online++;
              break;
            }
          }
        }
        next = page.get("next").isNull() ? null : page.get("next").asText();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return online;
  }

  private static void awaitQuiet(XdsServerProcess xds, StoreProcess store) throws InterruptedException {
    ProcStats.awaitQuiet(List.of(xds.pid(), store.pid()), XdsBench.QUIET_WINDOW_MS, XdsBench.QUIET_TICKS,
        XdsBench.QUIET_TIMEOUT_MS);
  }

  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return true;
      Thread.sleep(20);
    }
    return false;
  }

  private static String get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new IllegalStateException(url + ": " + e.getMessage(), e);
    }
  }
}
