package dev.atrium.e2e.dataplane;

import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running control plane (store + xds-server as real processes) per test, and helpers to start
 * data-plane agents with real Envoys. Everything started is stopped after the test.
 */
abstract class WithControlPlane {
  @TempDir Path dir;
  StoreProcess store;
  XdsServerProcess xds;
  final List<AutoCloseable> started = new ArrayList<>();

  @BeforeEach
  void startControlPlane() {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  /** Writes the Dataplane YAML and runs atrium-dp with it; returns once its Envoy is live. */
  DataplaneAgent agent(String dataplaneYaml, int adminPort, String... agentArgs) {
    Path file = dir.resolve("dp-" + adminPort + ".yaml");
    try {
      Files.writeString(file, dataplaneYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataplaneAgent agent = new DataplaneAgent(xds, file, adminPort, dir.resolve("agents"), agentArgs);
    started.add(agent);
    return agent.start(Duration.ofSeconds(60));
  }

  <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }

  /** Creates or replaces a resource through the store's REST API, as an operator would. */
  void put(String collection, String name, String yaml) {
    int reply = ProxyStatusClient.put(store.apiUrl() + "/meshes/default/" + collection + "/" + name, yaml);
    if (reply / 100 != 2) throw new AssertionError("PUT " + name + " answered " + reply);
  }

  /**
   * Registers {@code app} as a Dataplane whose inbound port is the app's own port: the gateway (or a
   * client sidecar) then sends straight to the app, with no sidecar Envoy in front of it.
   */
  void registerApp(String name, String service, int port) {
    put("dataplanes", name, """
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
        """.formatted(name, port, service));
  }

  /** A MeshGateway {@code name} selecting gateway Dataplanes of service {@code name}, with one HTTP listener on {@code port}. */
  static String httpGateway(String name, int port) {
    return """
        type: MeshGateway
        mesh: default
        name: %1$s
        selectors:
          - match: {kuma.io/service: %1$s}
        conf:
          listeners:
            - port: %2$d
              protocol: HTTP
        """.formatted(name, port);
  }

  /** A builtin gateway Dataplane on 127.0.0.1 whose gateway tags carry {@code service}. */
  static String builtinGateway(String name, String service) {
    return """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 127.0.0.1
          gateway:
            type: BUILTIN
            tags:
              kuma.io/service: %s
        """.formatted(name, service);
  }

  static String sidecar(String name, int inboundPort, int servicePort, String service, String protocol) {
    return """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              servicePort: %d
              tags:
                kuma.io/service: %s
                kuma.io/protocol: %s
        """.formatted(name, inboundPort, servicePort, service, protocol);
  }
}
