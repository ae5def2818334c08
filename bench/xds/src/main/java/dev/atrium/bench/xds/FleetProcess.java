package dev.atrium.bench.xds;

/**
 * A fleet of simulated proxies in a process of its own, so that the churn benchmark can end all of
 * them the way hosts die: SIGKILL, the kernel closing every connection, no stream ever cancelled.
 * Prints {@value #CONVERGED} once every proxy has its config, then waits to be killed.
 *
 * <p>Arguments: port N; the mesh's dataplane token in {@value #TOKEN_ENV} (not an argument: {@code ps} shows those).
 */
public final class FleetProcess {
  static final String CONVERGED = "CONVERGED";
  static final String TOKEN_ENV = "ATRIUM_BENCH_DATAPLANE_TOKEN";

  private FleetProcess() {}

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    java.nio.file.Path caFile = java.nio.file.Path.of(args[1]);
    int n = Integer.parseInt(args[2]);
    AdsFleet fleet = new AdsFleet().open(port, caFile, n, 1, System.getenv(TOKEN_ENV));
    long nanos = fleet.awaitConverged(120_000);
    System.out.println(CONVERGED + " " + nanos);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
