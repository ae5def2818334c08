package dev.atrium.testing.bench;

import dev.atrium.testing.http.Http;
import dev.atrium.testing.yaml.MeshYaml;
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
 * The builtin gateway at scale, as bench/gateway-scale measures it and bench/footprint loads the control plane
 * with it: one MeshGateway {@value #GATEWAY} with one HTTP listener, one echo app registered as Dataplane
 * {@value #BACKEND} whose inbound port is the app's own, and R MeshGatewayRoutes {@code r-<i>}, each with one
 * EXACT path {@code /r-<i>} to the backend, all in mesh {@code default}. One place, so both benches load the
 * same thing.
 */
public final class BuiltinGatewayTopology {
  public static final String GATEWAY = "edge-gateway";
  public static final String BACKEND = "backend";
  /** Concurrent writers of {@link #putRoutes}. */
  public static final int LOAD_THREADS = 8;

  private BuiltinGatewayTopology() {}

  /** The store's REST base for mesh {@code default}'s resources, ending in a slash. */
  public static String meshApi(StoreProcess store) {
    return store.apiUrl() + "/meshes/default/";
  }

  /** PUTs the backend Dataplane (inbound on {@code echoPort}) and the MeshGateway; returns the listener's port. */
  public static int putGatewayAndBackend(StoreProcess store, int echoPort) {
    String api = meshApi(store);
    int listener = Ports.free();
    Http.putYaml(api + "dataplanes/" + BACKEND, backendDataplane(echoPort));
    Http.putYaml(api + "meshgateways/" + GATEWAY, MeshYaml.httpGateway("default", GATEWAY, listener, false, null));
    return listener;
  }

  /** Dataplane {@code backend}: an HTTP inbound on 127.0.0.1:{@code port} (the echo app's own port, no sidecar). */
  public static String backendDataplane(int port) {
    return """
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
        """.formatted(BACKEND, port, BACKEND);
  }

  /** PUTs routes {@code r-0..r-(routes-1)} through the store's REST API, {@value #LOAD_THREADS} at a time. */
  public static void putRoutes(StoreProcess store, int routes) throws Exception {
    String api = meshApi(store);
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
  }

  /** The BUILTIN gateway Dataplane {@code gw} (address 127.0.0.1), written to {@code file} for atrium-dp. */
  public static Path writeGatewayDataplane(Path file) throws IOException {
    return Files.writeString(file, MeshYaml.builtinGateway("default", "gw", GATEWAY));
  }

  /** MeshGatewayRoute {@code name}: EXACT {@code path} → the backend. */
  public static String route(String name, String path) {
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
