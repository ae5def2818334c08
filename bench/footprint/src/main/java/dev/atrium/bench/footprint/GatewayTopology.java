package dev.atrium.bench.footprint;

import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The loaded state: bench/gateway-scale's topology, copied resource for resource (kept a copy so that
 * gateway-scale's output cannot change through this bench) — one MeshGateway with one HTTP listener, one echo
 * backend Dataplane whose inbound port is the app's own, R MeshGatewayRoutes {@code r-<i>} each with one EXACT
 * path to the backend, all PUT by 8 writers before the gateway's Envoy starts.
 */
final class GatewayTopology {
  static final String GATEWAY = "edge-gateway";
  static final String BACKEND = "backend";
  private static final int LOAD_THREADS = 8;

  private GatewayTopology() {}

  /** PUTs the backend, the gateway and {@code routes} routes; returns the gateway listener's port. */
  static int load(StoreProcess store, int echoPort, int routes) throws Exception {
    String api = store.apiUrl() + "/meshes/default/";
    int listener = Ports.free();
    Http.putYaml(api + "dataplanes/" + BACKEND, """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: %s
                kuma.io/protocol: http
        """.formatted(BACKEND, echoPort, BACKEND));
    Http.putYaml(api + "meshgateways/" + GATEWAY, """
        type: MeshGateway
        mesh: default
        name: %s
        selectors:
          - match:
              kuma.io/service: %s
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        """.formatted(GATEWAY, GATEWAY, listener));
    ExecutorService writers = Executors.newFixedThreadPool(LOAD_THREADS);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < routes; i++) {
        String name = "r-" + i;
        puts.add(writers.submit(() -> Http.putYaml(api + "meshgatewayroutes/" + name, route(name, "/" + name))));
      }
      for (Future<?> f : puts) f.get();
    } finally {
      writers.shutdownNow();
    }
    return listener;
  }

  /** The BUILTIN gateway Dataplane {@code gw} as a file for atrium-dp. */
  static Path gatewayDataplaneFile(Path dir) throws IOException {
    return Files.writeString(dir.resolve("gw.yaml"), """
        type: Dataplane
        mesh: default
        name: gw
        networking:
          address: 127.0.0.1
          gateway:
            type: BUILTIN
            tags:
              kuma.io/service: %s
        """.formatted(GATEWAY));
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
                      match: EXACT
                      value: %s
                backends:
                  - destination:
                      kuma.io/service: %s
        """.formatted(name, GATEWAY, path, BACKEND);
  }
}
