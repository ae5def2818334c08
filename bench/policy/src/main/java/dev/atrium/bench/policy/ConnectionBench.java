package dev.atrium.bench.policy;

import static dev.atrium.testing.bench.BenchSupport.progress;

import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.translate.ProxyTranslator;
import dev.atrium.core.xds.SharedResources;
import dev.atrium.core.xds.XdsTranslator;
import dev.atrium.testing.bench.Machine;
import dev.atrium.testing.bench.Percentiles;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code --connection}: the translation of every proxy in a mesh of N Dataplanes and P connection policies
 * ({@link ConnectionTopology}: MeshTimeout, MeshRetry, MeshCircuitBreaker, MeshRateLimit, MeshFaultInjection
 * with mixed targetRefs) — what the xds-server does for each proxy when a broadcast change reaches it.
 * Three stages, each timed per proxy: the IR of the same mesh without policies (the baseline), the IR with
 * them ({@link ProxyTranslator}: translation and the connection-policy pass; the difference is the pass), and
 * the Envoy resources from that IR ({@link XdsTranslator}: protos, sorting, content hashes).
 */
final class ConnectionBench {
  private ConnectionBench() {}

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** One stage over every proxy: per-proxy wall and CPU samples, mean pass, allocation per proxy. */
  record Stage(Percentiles wall, Percentiles cpu, double passMs, double allocatedKiBPerProxy) {}

  record Result(int n, int policies, double snapshotMs, Stage bare, Stage withPolicies, Stage xds, Stage xdsShared) {}

  static void main(List<Integer> sizes, int rounds, int policies) {
    List<Result> results = new ArrayList<>();
    for (int n : sizes) results.add(run(n, policies < 0 ? n : policies, rounds));
    print(results, rounds);
  }

  static Result run(int n, int policies, int rounds) {
    progress("N = " + n + ": building the snapshots");
    MeshSnapshot bare = ConnectionTopology.build(n, 0);
    long t0 = System.nanoTime();
    MeshSnapshot mesh = ConnectionTopology.build(n, policies);
    double snapshotMs = (System.nanoTime() - t0) / 1e6;
    List<String> names = mesh.all(ResourceKind.DATAPLANE).stream().map(Resource::name).toList();
    List<ProxyIr> irs = names.stream().map(d -> ProxyTranslator.translate(mesh, d)).toList();
    // Each pass reads a fresh snapshot of the same resources, as each batch of changes does in the xds-server:
    // what a snapshot shares across its proxies is worked out again in every pass, by its first proxies.
    List<Resource> resources = new ArrayList<>();
    for (ResourceKind k : ResourceKind.values()) if (k.isMeshScoped()) resources.addAll(mesh.all(k));
    AtomicReference<MeshSnapshot> current = new AtomicReference<>();
    Runnable fresh = () -> current.set(MeshSnapshot.of(mesh.mesh(), resources));
    progress("N = " + n + ": stage 1/4, IR without policies");
    Stage s1 = stage(names.size(), rounds, () -> { }, i -> ProxyTranslator.translate(bare, names.get(i)));
    progress("N = " + n + ": stage 2/4, IR with " + policies + " connection policies");
    Stage s2 = stage(names.size(), rounds, fresh, i -> ProxyTranslator.translate(current.get(), names.get(i)));
    progress("N = " + n + ": stage 3/4, Envoy resources from the IR");
    Stage s3 = stage(names.size(), rounds, () -> { }, i -> XdsTranslator.translate(irs.get(i)));
    // As the xds-server translates a batch: one SharedResources per snapshot, fresh for every pass.
    progress("N = " + n + ": stage 4/4, Envoy resources from the IR, shared per snapshot");
    AtomicReference<SharedResources> shared = new AtomicReference<>();
    Stage s4 = stage(names.size(), rounds, () -> shared.set(SharedResources.create()),
        i -> XdsTranslator.translate(irs.get(i), shared.get()));
    return new Result(n, policies, snapshotMs, s1, s2, s3, s4);
  }

  /**
   * One warm-up pass (the JIT), then {@code rounds} measured ones; one sample per proxy per pass.
   * {@code beforePass} runs before each pass, outside the timing.
   */
  private static Stage stage(int proxies, int rounds, Runnable beforePass, java.util.function.IntFunction<Object> work) {
    beforePass.run();
    for (int i = 0; i < proxies; i++) work.apply(i);
    long[] wall = new long[proxies * rounds];
    long[] cpu = new long[proxies * rounds];
    long passNanos = 0;
    long allocated = 0;
    Object sink = null;
    for (int r = 0; r < rounds; r++) {
      beforePass.run();
      long before = THREADS.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      for (int i = 0; i < proxies; i++) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        sink = work.apply(i);
        wall[r * proxies + i] = System.nanoTime() - w0;
        cpu[r * proxies + i] = THREADS.getCurrentThreadCpuTime() - c0;
      }
      passNanos += System.nanoTime() - start;
      allocated += THREADS.getCurrentThreadAllocatedBytes() - before;
    }
    if (sink == null) throw new IllegalStateException("nothing translated");
    return new Stage(Percentiles.of(wall), Percentiles.of(cpu), passNanos / 1e6 / rounds, allocated / 1024.0 / rounds / proxies);
  }

  static void print(List<Result> results, int rounds) {
    System.out.println("# bench/policy --connection — every proxy's translation with connection policies");
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
    row(results, "connection policies / Dataplanes", r -> r.policies() + " / " + r.n());
    row(results, "snapshot build (once per change)", r -> fmt("%.1f ms", r.snapshotMs()));
    stageRows(results, "IR, no policies", Result::bare);
    stageRows(results, "IR with the policies (translation + policy pass)", Result::withPolicies);
    row(results, "policy pass alone, per proxy CPU p50 (difference)",
        r -> fmt("%.3f ms", r.withPolicies().cpu().ms(50) - r.bare().cpu().ms(50)));
    stageRows(results, "Envoy resources from the IR (protos, hashes)", Result::xds);
    stageRows(results, "Envoy resources, equal IR shared per snapshot (SharedResources)", Result::xdsShared);
    row(results, "whole proxy (IR with policies + Envoy resources), all proxies one pass",
        r -> fmt("%.1f ms", r.withPolicies().passMs() + r.xds().passMs()));
    System.out.println();
    System.out.println("One thread; samples = proxies × " + rounds + " rounds after one warm-up pass (nearest-rank percentiles);"
        + " wall time includes time other processes held the core and GC pauses, CPU time does not. Allocation ="
        + " bytes the thread allocated during the measured passes / (proxies × rounds).");
  }

  private static void stageRows(List<Result> results, String name, Function<Result, Stage> stage) {
    row(results, name + ": all proxies, one pass", r -> fmt("%.1f ms", stage.apply(r).passMs()));
    row(results, name + ": per proxy p50 / p99", r -> fmt("%.3f / %.3f ms", stage.apply(r).wall().ms(50), stage.apply(r).wall().ms(99)));
    row(results, name + ": per proxy CPU p50 / p99", r -> fmt("%.3f / %.3f ms", stage.apply(r).cpu().ms(50), stage.apply(r).cpu().ms(99)));
    row(results, name + ": allocated per proxy", r -> fmt("%.1f KiB", stage.apply(r).allocatedKiBPerProxy()));
  }

  private static void row(List<Result> results, String name, Function<Result, String> cell) {
    StringBuilder sb = new StringBuilder("| ").append(name).append(" |");
    for (Result r : results) sb.append(' ').append(cell.apply(r)).append(" |");
    System.out.println(sb);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
