package dev.atrium.bench.policy;

import static dev.atrium.testing.bench.BenchSupport.progress;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.policy.InboundPermissions;
import dev.atrium.core.policy.TrafficPermissions;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.testing.bench.Machine;
import dev.atrium.testing.bench.Percentiles;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The policy stage under load, in one JVM: for each size N, a mesh of N Dataplanes and N
 * MeshTrafficPermissions ({@link PolicyTopology}); then, for every proxy, {@link TrafficPermissions#forInbound}
 * for each of its inbounds — what the xds-server does for each proxy it configures when mTLS is on.
 * One warm-up pass (the JIT), then {@code --rounds} measured passes; a sample is one proxy (all its
 * inbounds). Prints a Markdown table: the machine, then one column per N.
 */
public final class PolicyBench {
  private PolicyBench() {}

  record Result(int n, double snapshotMs, double passMs, Percentiles perProxy, Percentiles cpuPerProxy,
      double rulesPerInbound, double allocatedKiBPerProxy, double retainedMiB) {}

  private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    int rounds = 3;
    boolean connection = false;
    int policies = -1; // --connection: as many as Dataplanes
    for (String a : args) {
      if (a.startsWith("--rounds=")) rounds = Integer.parseInt(a.substring("--rounds=".length()));
      else if (a.equals("--connection")) connection = true;
      else if (a.startsWith("--policies=")) policies = Integer.parseInt(a.substring("--policies=".length()));
      else sizes.add(Integer.parseInt(a));
    }
    if (sizes.isEmpty()) sizes.add(1000);
    if (connection) {
      ConnectionBench.main(sizes, rounds, policies);
      return;
    }
    List<Result> results = new ArrayList<>();
    for (int n : sizes) results.add(run(n, rounds));
    print(results, rounds);
  }

  static Result run(int n, int rounds) {
    progress("N = " + n + ": building the snapshot");
    long t0 = System.nanoTime();
    MeshSnapshot mesh = PolicyTopology.build(n, n);
    double snapshotMs = (System.nanoTime() - t0) / 1e6;
    List<Resource> dataplanes = mesh.all(ResourceKind.DATAPLANE);

    progress("N = " + n + ": warm-up pass");
    resolveAll(mesh, dataplanes, null, null);

    long[] samples = new long[dataplanes.size() * rounds];
    long[] cpuSamples = new long[dataplanes.size() * rounds];
    long passNanos = 0;
    long allocated = 0;
    int rules = 0;
    int inbounds = 0;
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      progress("N = " + n + ": measured pass " + (r + 1) + "/" + rounds);
      long[] pass = new long[dataplanes.size()];
      long[] cpu = new long[dataplanes.size()];
      long before = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      List<List<InboundPermissions>> out = resolveAll(mesh, dataplanes, pass, cpu);
      passNanos += System.nanoTime() - start;
      allocated += threads.getCurrentThreadAllocatedBytes() - before;
      System.arraycopy(pass, 0, samples, r * dataplanes.size(), pass.length);
      System.arraycopy(cpu, 0, cpuSamples, r * dataplanes.size(), cpu.length);
      if (r == 0) {
        for (List<InboundPermissions> proxy : out) {
          for (InboundPermissions p : proxy) {
            rules += p.rules().size();
            inbounds++;
          }
        }
      }
    }
    double retainedMiB = retained(mesh, dataplanes);
    return new Result(n, snapshotMs, passNanos / 1e6 / rounds, Percentiles.of(samples), Percentiles.of(cpuSamples),
        (double) rules / inbounds,
        allocated / 1024.0 / rounds / dataplanes.size(), retainedMiB);
  }

  /**
   * Every proxy's permissions; when given, {@code nanos[i]} = wall time and {@code cpuNanos[i]} = this
   * thread's CPU time for proxy i's inbounds (CPU time leaves out the time other processes had the core).
   */
  static List<List<InboundPermissions>> resolveAll(MeshSnapshot mesh, List<Resource> dataplanes, long[] nanos,
      long[] cpuNanos) {
    List<List<InboundPermissions>> out = new ArrayList<>(dataplanes.size());
    for (int i = 0; i < dataplanes.size(); i++) {
      Resource dp = dataplanes.get(i);
      long cpuStart = cpuNanos == null ? 0 : THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      List<InboundPermissions> proxy = new ArrayList<>(2);
      for (DataplaneSpec.Inbound inbound : dp.specAs(DataplaneSpec.class).networking().inbound()) {
        proxy.add(TrafficPermissions.forInbound(mesh, dp, inbound.tags()));
      }
      if (nanos != null) nanos[i] = System.nanoTime() - start;
      if (cpuNanos != null) cpuNanos[i] = THREADS.getCurrentThreadCpuTime() - cpuStart;
      out.add(proxy);
    }
    return out;
  }

  /** Heap held by every proxy's resolved permissions at once (what a cache of them would cost), after full GCs. */
  static double retained(MeshSnapshot mesh, List<Resource> dataplanes) {
    long before = usedAfterGc();
    List<List<InboundPermissions>> held = resolveAll(mesh, dataplanes, null, null);
    long after = usedAfterGc();
    if (held.isEmpty()) throw new IllegalStateException("nothing resolved");
    return (after - before) / 1024.0 / 1024.0;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) System.gc();
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  static void print(List<Result> results, int rounds) {
    System.out.println("# bench/policy — TrafficPermissions.forInbound for every proxy");
    System.out.println();
    System.out.println(Machine.describe());
    System.out.println();
    StringBuilder head = new StringBuilder("| |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Result r : results) {
      head.append(" N = ").append(r.n()).append(" |");
      rule.append("---|");
    }
    System.out.println(head);
    System.out.println(rule);
    row(results, "MeshTrafficPermissions / Dataplanes (2 inbounds each)", r -> r.n() + " / " + r.n());
    row(results, "snapshot build (once per change)", r -> fmt("%.1f ms", r.snapshotMs()));
    row(results, "all proxies, one pass (mean of " + rounds + ")", r -> fmt("%.1f ms", r.passMs()));
    row(results, "per proxy p50", r -> fmt("%.3f ms", r.perProxy().ms(50)));
    row(results, "per proxy p99", r -> fmt("%.3f ms", r.perProxy().ms(99)));
    row(results, "per proxy max", r -> fmt("%.3f ms", r.perProxy().maxMs()));
    row(results, "per proxy CPU time p50", r -> fmt("%.3f ms", r.cpuPerProxy().ms(50)));
    row(results, "per proxy CPU time p99", r -> fmt("%.3f ms", r.cpuPerProxy().ms(99)));
    row(results, "rules per inbound (mean)", r -> fmt("%.1f", r.rulesPerInbound()));
    row(results, "allocated per proxy", r -> fmt("%.1f KiB", r.allocatedKiBPerProxy()));
    row(results, "heap held by all proxies' results", r -> fmt("%.2f MiB", r.retainedMiB()));
    System.out.println();
    System.out.println("One thread; samples = proxies × rounds (nearest-rank percentiles); wall time includes time other"
        + " processes held the core and GC pauses, CPU time does not. Each proxy's sample covers both"
        + " inbounds: every MeshTrafficPermission's top-level targetRef is checked against the inbound, the selecting ones"
        + " are ordered by specificity and their from entries merged into first-match rules.");
  }

  private static void row(List<Result> results, String name, java.util.function.Function<Result, String> cell) {
    StringBuilder sb = new StringBuilder("| ").append(name).append(" |");
    for (Result r : results) sb.append(' ').append(cell.apply(r)).append(" |");
    System.out.println(sb);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
