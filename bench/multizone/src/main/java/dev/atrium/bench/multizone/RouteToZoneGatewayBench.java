package dev.atrium.bench.multizone;

import static dev.atrium.testing.bench.BenchSupport.deleteTree;
import static dev.atrium.testing.bench.BenchSupport.progress;
import static dev.atrium.testing.bench.BenchSupport.workDir;

import dev.atrium.testing.bench.Percentiles;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import dev.atrium.testing.yaml.MeshYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Route PUT on global → the zone's builtin gateway Envoy serving it. A global store; one zone (store +
 * xds-server); in the zone a builtin gateway Envoy and an echo app behind its own sidecar Envoy, both run
 * by atrium-dp. Each sample PUTs a new MeshGatewayRoute on global (PREFIX {@code /r-NNN} → the backend) and
 * polls the gateway until that path answers 200 from the backend. The path of a sample: global's commit,
 * the zone's GlobalSync (Watch on global, write of the copy), the zone xds-server's Watch, reconcile, RDS
 * push, Envoy applying it.
 */
final class RouteToZoneGatewayBench {
  private static final String GATEWAY = "edge-gateway";
  private static final String BACKEND = "backend";
  private static final long SAMPLE_TIMEOUT_MS = 15_000;
  private static final long SPACING_MS = 200;

  record Result(long[] samples, long[] putNanos, long[] zoneCopyNanos, long globalRss, long zoneRss, long xdsRss,
      double readySeconds, String xdsFlags, String failure) {}

  private RouteToZoneGatewayBench() {}

  static Result run(int samples, int warmup) {
    Path work = workDir("atrium-bench-multizone-route-");
    String xdsFlags = null;
    try (StoreProcess global = ControlPlanes.global(work).start();
         StoreProcess zone = ControlPlanes.zone(work, global).start();
         XdsServerProcess xds = new XdsServerProcess(zone, work.resolve("xds")).withEnv("ATRIUM_XDS_ZONE", ControlPlanes.ZONE).start();
         EchoServer echo = EchoServer.start(BACKEND)) {
      xdsFlags = xds.jvmFlags();
      ControlPlanes.awaitDefaultMesh(zone);
      String globalApi = global.apiUrl() + "/meshes/default/";
      int listener = Ports.free();
      // Written on global, as an operator does: the MeshGateway and a first route used for readiness.
      Http.putYaml(globalApi + "meshgateways/" + GATEWAY, MeshYaml.httpGateway("default", GATEWAY, listener, false, null));
      Http.putYaml(globalApi + "meshgatewayroutes/ready", route("ready", "/ready"));

      long t = System.nanoTime();
      Path agents = work.resolve("agents");
      int sidecarAdmin = Ports.free();
      Path sidecarFile = Files.writeString(work.resolve("backend.yaml"),
          MeshYaml.sidecar("default", "backend-1", Ports.free(), echo.port(), BACKEND, "http"));
      int gatewayAdmin = Ports.free();
      Path gatewayFile = Files.writeString(work.resolve("gateway.yaml"), MeshYaml.builtinGateway("default", "gateway-1", GATEWAY));
      progress("route: starting the backend's sidecar and the gateway in " + ControlPlanes.ZONE);
      try (DataplaneAgent sidecar = new DataplaneAgent(xds, sidecarFile, sidecarAdmin, agents).start(Duration.ofSeconds(60));
           DataplaneAgent gateway = new DataplaneAgent(xds, gatewayFile, gatewayAdmin, agents).start(Duration.ofSeconds(60));
           StoreWatch zoneCopies = new StoreWatch(zone.grpcPort(), "MeshGatewayRoute", 0, "r-")) {
        String base = "http://127.0.0.1:" + listener;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Http.status(base + "/ready") != 200) {
          if (System.nanoTime() > deadline) throw new IllegalStateException("the gateway does not serve /ready through "
              + BACKEND + "'s sidecar after 120 s");
          Thread.sleep(50);
        }
        double readySeconds = (System.nanoTime() - t) / 1e9;
        zoneCopies.awaitSynced(Duration.ofSeconds(30));
        Thread.sleep(2_000);

        progress("route: " + warmup + " warm-up routes, then " + samples + " measured");
        long[] out = new long[samples];
        long[] put = new long[samples];
        long[] copy = new long[samples];
        for (int k = -warmup; k < samples; k++) {
          String name = k < 0 ? "warm-" + (k + warmup) : String.format(Locale.ROOT, "r-%03d", k);
          String url = base + "/" + name;
          String yaml = route(name, "/" + name);
          long t0 = System.nanoTime();
          Http.putYaml(globalApi + "meshgatewayroutes/" + name, yaml);
          long putDone = System.nanoTime();
          long end = t0 + TimeUnit.MILLISECONDS.toNanos(SAMPLE_TIMEOUT_MS);
          while (true) {
            int s = Http.status(url);
            long now = System.nanoTime();
            if (s == 200) {
              if (k >= 0) {
                out[k] = now - t0;
                put[k] = putDone - t0;
                Long atZone = zoneCopies.receivedAt(name);
                copy[k] = atZone == null ? -1 : atZone - t0;
              } else {
                progress(String.format(Locale.ROOT, "  warm-up %d: %.1f ms", k + warmup + 1, (now - t0) / 1e6));
              }
              break;
            }
            if (now > end) throw new IllegalStateException(name + " not served " + SAMPLE_TIMEOUT_MS / 1000
                + " s after its PUT on global (last status " + s + ")");
            Thread.sleep(2);
          }
          Thread.sleep(SPACING_MS);
        }
        return new Result(out, put, copy, global.rssKiB(), zone.rssKiB(), xds.rssKiB(), readySeconds, xdsFlags, null);
      }
    } catch (Exception e) {
      progress("route bench failed: " + e);
      return new Result(null, null, null, 0, 0, 0, 0, xdsFlags, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    } finally {
      deleteTree(work);
    }
  }

  static void print(Result r, int warmup) {
    System.out.println("## 1. Route PUT on global → the zone's gateway Envoy answers 200 from the backend\n");
    System.out.println("| N | p50 ms | p99 ms | min ms | max ms | global PUT p50 ms | copy on the zone p50 / max ms | global store RSS MiB | zone store RSS MiB | zone xds-server RSS MiB |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    if (r.samples() == null) {
      System.out.println("| FAILED: " + r.failure() + " |||||||||");
      return;
    }
    Percentiles p = Percentiles.of(r.samples());
    Percentiles put = Percentiles.of(r.putNanos());
    long[] copies = Arrays.stream(r.zoneCopyNanos()).filter(v -> v >= 0).toArray();
    String copy = copies.length == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f / %.1f", Percentiles.of(copies).ms(50),
        Percentiles.of(copies).maxMs());
    System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %.0f | %.0f | %.0f |%n", p.count(), p.ms(50),
        p.ms(99), p.ms(0), p.maxMs(), put.ms(50), copy, r.globalRss() / 1024.0, r.zoneRss() / 1024.0, r.xdsRss() / 1024.0);
    System.out.println();
    List<String> notes = new ArrayList<>();
    notes.add("topology: global store; zone `" + ControlPlanes.ZONE + "` = store + xds-server; in the zone a BUILTIN gateway "
        + "Dataplane and an echo app behind its sidecar (Dataplane `backend-1`, inbound → the app's port), each a real Envoy "
        + "run by atrium-dp; mesh `default` without mTLS. The MeshGateway (one HTTP listener) and every route are PUT on global.");
    notes.add("sample: t0 just before the PUT on global of MeshGatewayRoute `r-NNN` (PREFIX `/r-NNN` → `" + BACKEND
        + "`; fixed width, so no earlier prefix matches a later path); then GET `/r-NNN` through the gateway every 2 ms (one "
        + "keep-alive HTTP/1.1 connection, bounded " + SAMPLE_TIMEOUT_MS / 1000 + " s) until 200 from the echo app; sample = "
        + "first 200 − t0. Samples " + SPACING_MS + " ms apart, after " + warmup + " uncounted warm-up routes. Nearest rank: with "
        + "30 samples p99 is the max.");
    notes.add("global PUT = until global's REST API answered (commit with fsync). Copy on the zone = the zone store's Store.Watch "
        + "(held by this program) delivered the copy (`kuma.io/display-name: r-NNN`) − t0: the share of the sample spent before "
        + "the zone's xds-server can react.");
    notes.add("readiness: both agents started → `/ready` (a route written on global before them) answered 200: "
        + String.format(Locale.ROOT, "%.1f s", r.readySeconds()) + ".");
    notes.add("RSS: VmRSS after the samples, no GC forced. JVM flags of the services as JavaProcess sets them: `" + r.xdsFlags() + "`.");
    notes.add("samples in order (ms): " + String.join(" ", Arrays.stream(r.samples())
        .mapToObj(v -> String.format(Locale.ROOT, "%.1f", v / 1e6)).toList()));
    notes.forEach(n -> System.out.println("- " + n));
    System.out.println();
  }

  private static String route(String name, String path) {
    return """
        type: MeshGatewayRoute
        mesh: default
        name: %s
        selectors:
          - match:
              kuma.io/service: %s
        conf:
          http:
            rules:
              - matches:
                  - path:
                      match: PREFIX
                      value: %s
                backends:
                  - destination:
                      kuma.io/service: %s
        """.formatted(name, GATEWAY, path, BACKEND);
  }
}
