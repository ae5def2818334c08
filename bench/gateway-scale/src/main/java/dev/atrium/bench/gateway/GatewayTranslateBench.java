package dev.atrium.bench.gateway;

import static dev.atrium.testing.bench.BenchSupport.progress;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.policy.MeshDefaultPolicies;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.translate.OtherMeshes;
import dev.atrium.core.translate.ProxyTranslator;
import dev.atrium.core.xds.SharedResources;
import dev.atrium.core.xds.XdsResources;
import dev.atrium.core.xds.XdsTranslator;
import dev.atrium.testing.bench.BuiltinGatewayTopology;
import dev.atrium.testing.bench.Machine;
import dev.atrium.testing.bench.Percentiles;
import dev.atrium.testing.yaml.MeshYaml;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The reconcile stage of a new route without the rest of the system: the gateway of {@link GatewayScaleBench}
 * (one MeshGateway, R MeshGatewayRoutes, the policies a new mesh gets) translated in this JVM, one more route
 * per pass, as the xds-server's reconcile thread does — a fresh snapshot, the proxy's IR, its Envoy resources.
 * On a 2-core box shared with Envoy and the store the server's figures carry everyone's contention and GC;
 * these are the stages' own cost (wall time, the thread's CPU time, bytes allocated), for comparing changes
 * to the translation code.
 */
final class GatewayTranslateBench {
  private static final String RUN_COMMAND = "bench/gateway-scale/run.sh --translate";

  private GatewayTranslateBench() {}

  static void run(List<Integer> sizes, int passes, int warmup) {
    System.out.println("# builtin gateway translation, in one JVM: one new route among R\n");
    System.out.println(Machine.describe());
    System.out.println("- run with: `" + RUN_COMMAND + String.join("", sizes.stream().map(r -> " " + r).toList())
        + " --changes=" + passes + " --warmup=" + warmup + "`");
    System.out.println("- java: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + "\n");
    System.out.println("| routes R | N passes | stage | p50 ms | p99 ms | CPU p50 ms | allocated p50 MiB |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (int routes : sizes) {
      Stages s = measure(routes, passes, warmup);
      row(routes, passes, "snapshot", s.snapshot);
      row(routes, passes, "IR (policies, gateway, connection policies)", s.ir);
      row(routes, passes, "Envoy resources (build, sort, check, version)", s.xds);
      row(routes, passes, "**pass**", s.pass);
    }
    System.out.println();
    System.out.println("- topology: as `bench/gateway-scale` (one MeshGateway with an HTTP listener selecting the BUILTIN Dataplane `gw`, "
        + "a backend Dataplane, R MeshGatewayRoutes with one EXACT path each), plus the default policies a new mesh gets "
        + "(MeshTimeout, MeshRetry, MeshCircuitBreaker), which every route's rule is matched against.");
    System.out.println("- a pass: one more route added to the resources, then `MeshSnapshot.of`, `ProxyTranslator.translate` and "
        + "`XdsTranslator.translate` with a fresh `SharedResources`, on this thread. " + warmup + " uncounted passes first (JIT).");
    System.out.println("- CPU = this thread's CPU time; allocated = this thread's allocated bytes (`ThreadMXBean`), per stage.");
  }

  private record Stage(long[] wall, long[] cpu, long[] bytes) {
    Stage(int n) {
      this(new long[n], new long[n], new long[n]);
    }
  }

  private record Stages(Stage snapshot, Stage ir, Stage xds, Stage pass) {}

  private static void row(int routes, int passes, String name, Stage s) {
    Percentiles wall = Percentiles.of(s.wall());
    Percentiles cpu = Percentiles.of(s.cpu());
    long[] bytes = s.bytes().clone();
    Arrays.sort(bytes);
    System.out.printf(Locale.ROOT, "| %d | %d | %s | %.2f | %.2f | %.2f | %.2f |%n", routes, passes, name, wall.ms(50),
        wall.ms(99), cpu.ms(50), bytes[bytes.length / 2] / 1048576.0);
  }

  private static Stages measure(int routes, int passes, int warmup) {
    progress("R=" + routes + ": " + warmup + " warm-up passes, then " + passes + " measured");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Resource mesh = ResourceCodec.decode("type: Mesh\nname: default\n");
    List<Resource> resources = new ArrayList<>(MeshDefaultPolicies.forMesh("default", List.of(), null));
    resources.add(ResourceCodec.decode(MeshYaml.httpGateway("default", BuiltinGatewayTopology.GATEWAY, 8080, false, null)));
    resources.add(ResourceCodec.decode(MeshYaml.builtinGateway("default", "gw", BuiltinGatewayTopology.GATEWAY)));
    resources.add(ResourceCodec.decode(BuiltinGatewayTopology.backendDataplane(9000)));
    for (int i = 0; i < routes; i++) resources.add(ResourceCodec.decode(BuiltinGatewayTopology.route("r-" + i, "/r-" + i)));
    Stages out = new Stages(new Stage(passes), new Stage(passes), new Stage(passes), new Stage(passes));
    for (int k = -warmup; k < passes; k++) {
      resources.add(ResourceCodec.decode(BuiltinGatewayTopology.route("new-" + (k + warmup), "/new-" + (k + warmup))));
      long[] wall = new long[4];
      long[] cpu = new long[4];
      long[] bytes = new long[4];
      mark(threads, wall, cpu, bytes, 0);
      MeshSnapshot snapshot = MeshSnapshot.of(mesh, resources);
      mark(threads, wall, cpu, bytes, 1);
      ProxyIr ir = ProxyTranslator.translate(snapshot, "gw", OtherMeshes.NONE);
      mark(threads, wall, cpu, bytes, 2);
      XdsResources xds = XdsTranslator.translate(ir, snapshot.derived(SharedResources.class, SharedResources::create));
      mark(threads, wall, cpu, bytes, 3);
      if (xds.routes().isEmpty()) throw new IllegalStateException("the gateway got no route configuration");
      if (k < 0) continue;
      Stage[] stages = {out.snapshot(), out.ir(), out.xds()};
      for (int i = 0; i < 3; i++) {
        stages[i].wall()[k] = wall[i + 1] - wall[i];
        stages[i].cpu()[k] = cpu[i + 1] - cpu[i];
        stages[i].bytes()[k] = bytes[i + 1] - bytes[i];
      }
      out.pass().wall()[k] = wall[3] - wall[0];
      out.pass().cpu()[k] = cpu[3] - cpu[0];
      out.pass().bytes()[k] = bytes[3] - bytes[0];
    }
    return out;
  }

  private static void mark(com.sun.management.ThreadMXBean threads, long[] wall, long[] cpu, long[] bytes, int i) {
    bytes[i] = threads.getCurrentThreadAllocatedBytes();
    cpu[i] = threads.getCurrentThreadCpuTime();
    wall[i] = System.nanoTime();
  }
}
