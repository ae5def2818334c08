package dev.atrium.bench.store;

import static dev.atrium.testing.bench.BenchSupport.deleteTree;
import static dev.atrium.testing.bench.BenchSupport.firstLine;
import static dev.atrium.testing.bench.BenchSupport.progress;
import static dev.atrium.testing.bench.BenchSupport.workDir;

import dev.atrium.testing.bench.Percentiles;
import dev.atrium.testing.bench.Machine;

import dev.atrium.testing.postgres.PostgresServer;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.tls.StoreChannels;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmarks the packaged resource-store on each backend: REST PUT throughput and latency with 1
 * and 8 clients, write-to-watcher latency over 10 gRPC watch streams, and the store's RSS. Prints a
 * Markdown report on stdout (progress goes to stderr). A program, not a test: {@code mvn verify}
 * never runs it.
 *
 * <p>Usage: {@value #RUN_COMMAND} [embedded] [postgres] (default: both, embedded first).
 */
public final class StoreBench {
  static final String RUN_COMMAND = "bench/store/run.sh";
  static final int WARMUP_PUTS = 300;
  static final int PUTS = 2000;
  static final List<Integer> CLIENTS = List.of(1, 8);
  private static final List<String> BACKENDS = List.of("embedded", "postgres");
  /** Work directories not yet deleted; a shutdown hook removes them if the run is interrupted. */

  private StoreBench() {}

  public static void main(String[] args) {
    List<String> backends = args.length == 0 ? BACKENDS : List.of(args);
    if (!BACKENDS.containsAll(backends)) {
      System.err.println("usage: " + RUN_COMMAND + " [embedded] [postgres]");
      System.exit(2);
    }
    System.out.println("# resource-store benchmark\n");
    System.out.println(Machine.describe());
    System.out.println("- run with: `" + RUN_COMMAND + "`\n");

    List<ResultRow> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int failures = 0;
    for (String backend : backends) {
      try {
        rows.addAll(backend.equals("embedded") ? embedded(notes) : postgres(notes));
      } catch (RuntimeException e) {
        failures++;
        System.err.println("[bench] " + backend + " failed: " + e.getMessage());
        notes.add(backend + ": FAILED, no figures (" + firstLine(e.getMessage()) + ")");
      }
    }

    System.out.println(ResultRow.HEADER);
    rows.forEach(r -> System.out.println(r.markdown()));
    System.out.println();
    System.out.println("- PUT rows: " + PUTS + " distinct MeshGateways via REST after " + WARMUP_PUTS
        + " warm-up PUTs; closed loop, throughput = N / wall time, latency per request.");
    System.out.println("- watch row: " + WatchFanOut.WATCHERS + " Store.Watch streams (one channel) from revision 0, "
        + WatchFanOut.PUTS + " PUTs one every " + WatchFanOut.PACE_MS + " ms; N = PUTs x watchers samples of "
        + "(event received - just before the PUT was sent).");
    System.out.println("- store RSS: VmRSS of the store process right after that row; the watch row is after the whole run.");
    notes.forEach(n -> System.out.println("- " + n));
    System.exit(failures == 0 ? 0 : 1);
  }

  private static List<ResultRow> embedded(List<String> notes) {
    Path work = workDir("atrium-bench-store-");
    try (StoreProcess store = StoreProcess.embedded(work).start()) {
      return measure("embedded (SQLite, sync FULL)", store, notes);
    } finally {
      deleteTree(work);
    }
  }

  private static List<ResultRow> postgres(List<String> notes) {
    Path work = workDir("atrium-bench-store-");
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase("bench");
      try (StoreProcess store = StoreProcess.postgres(pg, url, work).start()) {
        notes.add("postgres: a local PostgreSQL on 127.0.0.1 started by PostgresServer, tuned for tests "
            + "(fsync=off, synchronous_commit=off): its commits never wait for the disk, the embedded ones do.");
        return measure("postgres (local, fsync off)", store, notes);
      }
    } finally {
      deleteTree(work);
    }
  }

  private static List<ResultRow> measure(String backend, StoreProcess store, List<String> notes) {
    List<ResultRow> rows = new ArrayList<>();
    try {
      GatewayWriter writer = new GatewayWriter(store.apiUrl());
      progress(backend + ": warm-up, " + WARMUP_PUTS + " PUTs");
      PutLoad.run(writer, "warm", WARMUP_PUTS, CLIENTS.get(CLIENTS.size() - 1));
      for (int clients : CLIENTS) {
        progress(backend + ": " + PUTS + " PUTs, " + clients + " client(s)");
        PutLoad.Result r = PutLoad.run(writer, "c" + clients, PUTS, clients);
        rows.add(new ResultRow(backend, "PUT, " + clients + (clients == 1 ? " client" : " clients"),
            r.n(), r.opsPerSecond(), r.latency(), store.rssKiB()));
      }
      progress(backend + ": watch fan-out");
      ManagedChannel channel = StoreChannels.to(store.grpcPort());
      Percentiles fanOut;
      try {
        fanOut = WatchFanOut.run(channel, writer, "fan");
      } finally {
        channel.shutdownNow();
      }
      rows.add(new ResultRow(backend, "watch fan-out (" + WatchFanOut.WATCHERS + " streams)", fanOut.count(),
          Double.NaN, fanOut, store.rssKiB()));
      notes.add(backend + ": store JVM flags `" + store.jvmFlags() + "`");
      return rows;
    } catch (RuntimeException e) {
      throw new IllegalStateException(e.getMessage() + "\nstore log (tail):\n" + store.logTail(), e);
    }
  }
}
