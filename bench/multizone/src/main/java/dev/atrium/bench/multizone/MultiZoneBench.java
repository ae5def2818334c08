package dev.atrium.bench.multizone;

import dev.atrium.testing.bench.Machine;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Issue 15's benchmarks: a global control plane and a zone as real processes on 127.0.0.1. Prints a Markdown
 * report on stdout (progress on stderr). A program, not a test: {@code mvn verify} never runs it.
 *
 * <p>Usage: {@value #RUN_COMMAND} [route|sync] [--samples=30] [--warmup=5] [--dataplanes=1000] [--writers=8] [--no-wipe]
 */
public final class MultiZoneBench {
  static final String RUN_COMMAND = "bench/multizone/run.sh";
  private static final String USAGE = "usage: " + RUN_COMMAND
      + " [route|sync] [--samples=30] [--warmup=5] [--dataplanes=1000] [--writers=8] [--no-wipe]";

  private MultiZoneBench() {}

  public static void main(String[] args) {
    boolean route = true;
    boolean sync = true;
    int samples = 30;
    int warmup = 5;
    int dataplanes = 1000;
    int writers = 8;
    boolean wipe = true;
    for (String a : args) {
      if (a.equals("route")) sync = false;
      else if (a.equals("sync")) route = false;
      else if (a.startsWith("--samples=")) samples = Integer.parseInt(a.substring("--samples=".length()));
      else if (a.startsWith("--warmup=")) warmup = Integer.parseInt(a.substring("--warmup=".length()));
      else if (a.startsWith("--dataplanes=")) dataplanes = Integer.parseInt(a.substring("--dataplanes=".length()));
      else if (a.startsWith("--writers=")) writers = Integer.parseInt(a.substring("--writers=".length()));
      else if (a.equals("--no-wipe")) wipe = false;
      else throw new IllegalArgumentException(USAGE);
    }

    System.out.println("# multi-zone: a global and a zone control plane on one machine\n");
    System.out.println(Machine.describe());
    System.out.println("- run with: `" + RUN_COMMAND + String.join("", Stream.of(args).map(a -> " " + a).toList()) + "`\n");
    boolean failed = false;
    if (route) {
      RouteToZoneGatewayBench.Result r = RouteToZoneGatewayBench.run(samples, warmup);
      failed |= r.failure() != null;
      RouteToZoneGatewayBench.print(r, warmup);
      System.out.println("- load average after: " + loadAverage() + "\n");
    }
    if (sync) {
      DataplaneSyncBench.Result r = DataplaneSyncBench.run(dataplanes, writers, wipe);
      failed |= r.phases().stream().anyMatch(p -> p.failure() != null);
      DataplaneSyncBench.print(r);
      System.out.println("- load average after: " + loadAverage() + "\n");
    }
    System.exit(failed ? 1 : 0);
  }

  private static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return String.format(Locale.ROOT, "%s %s %s", f[0], f[1], f[2]);
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
