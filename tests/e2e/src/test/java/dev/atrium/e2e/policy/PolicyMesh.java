package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * One control plane (resource-store and xds-server) for a policy test class, and what the class runs around
 * it: HTTP backends registered as Dataplanes, gateways, data-plane agents. Closing stops the agents, the
 * backends, the xds-server and the store, in that order, so no proxy outlives its control plane.
 */
final class PolicyMesh implements AutoCloseable {
  /** How long an agent may take until its Envoy has its first config. */
  private static final Duration AGENT_START = Duration.ofSeconds(60);

  private final Path dir;
  private final StoreProcess store;
  private XdsServerProcess xds;
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<Runnable> otherServers = new ArrayList<>();
  private final List<DataplaneAgent> agents = new ArrayList<>();

  private PolicyMesh(Path dir, StoreProcess store) {
    this.dir = dir;
    this.store = store;
  }

  /** A control plane in {@code dir} whose "default" Mesh comes with Kuma's default policies, as the store creates it. */
  static PolicyMesh withDefaultPolicies(Path dir) {
    return startXds(new PolicyMesh(dir, StoreProcess.embedded(dir.resolve("store")).start()));
  }

  /**
   * A control plane in {@code dir} whose "default" Mesh has no default policies ({@code skipCreatingInitialPolicies: ['*']}):
   * for a test whose policy a default one would override or hide.
   */
  static PolicyMesh bare(Path dir) {
    PolicyMesh mesh = new PolicyMesh(dir,
        StoreProcess.embedded(dir.resolve("store")).withEnv("ATRIUM_STORE_CREATE_DEFAULT_MESH", "false").start());
    try {
      mesh.put("/meshes/default", "type: Mesh\nname: default\nskipCreatingInitialPolicies: ['*']\n");
    } catch (RuntimeException | Error e) {
      mesh.close();
      throw e;
    }
    return startXds(mesh);
  }

  private static PolicyMesh startXds(PolicyMesh mesh) {
    try {
      mesh.xds = new XdsServerProcess(mesh.store, mesh.dir.resolve("xds")).start();
    } catch (RuntimeException e) {
      mesh.close();
      throw e;
    }
    return mesh;
  }

  /** The REST API's base URL. */
  String apiUrl() {
    return store.apiUrl();
  }

  /** The running xds-server (e.g. for its log). */
  XdsServerProcess xds() {
    return xds;
  }

  /** PUTs {@code body} (YAML, or JSON when it starts with '{') to the REST API; fails unless answered 2xx. */
  void put(String path, String body) {
    Http.Reply reply = Http.put(store.apiUrl() + path, body, body.trim().startsWith("{") ? "application/json" : "application/yaml");
    if (reply.status() / 100 != 2) throw new AssertionError("PUT " + path + " answered " + reply.status() + ": " + reply.body());
  }

  /** DELETEs {@code path} through the REST API and asserts a 2xx answer. */
  void delete(String path) {
    Http.Reply deleted = Http.delete(store.apiUrl() + path);
    assertThat(deleted.status() / 100).as("DELETE " + path + ": " + deleted.body()).isEqualTo(2);
  }

  /** An HTTP server on a free 127.0.0.1 port, answering through {@code handler}, stopped on {@link #close()}. */
  HttpServer httpServer(HttpHandler handler) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      // Parallel requests must reach a slow handler in parallel, as they would a real service.
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext("/", handler);
      server.start();
      servers.add(server);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A server of the test's own making (e.g. HTTPS), stopped with the backends on {@link #close()}. */
  void stopOnClose(HttpServer server) {
    otherServers.add(() -> server.stop(0));
  }

  /** {@link #httpServer} registered as Dataplane {@code name}, an inbound of {@code service} in Mesh "default". */
  HttpServer backend(String name, String service, HttpHandler handler) {
    HttpServer server = httpServer(handler);
    dataplane("default", name, service, server);
    return server;
  }

  /** Registers {@code server} as Dataplane {@code name} of {@code mesh}: one HTTP inbound of {@code service}, no sidecar. */
  void dataplane(String mesh, String name, String service, HttpServer server) {
    put("/meshes/" + mesh + "/dataplanes/" + name, """
        type: Dataplane
        mesh: %s
        name: %s
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: %s
                kuma.io/protocol: http
        """.formatted(mesh, name, server.getAddress().getPort(), service));
  }

  /**
   * A builtin gateway in Mesh "default": MeshGateway {@code edge} listening for HTTP on a free port, MeshGatewayRoute
   * {@code route} with {@code rules} (the YAML list under {@code http.rules}), and agent {@code edge-1}.
   */
  BuiltinGateway builtinGateway(String route, String rules) {
    return builtinGateway("default", route, "", rules);
  }

  /** {@link #builtinGateway(String, String)} in {@code mesh}, the listener with {@code listenerTags} (e.g. "{port: edge-http}") unless empty. */
  BuiltinGateway builtinGateway(String mesh, String route, String listenerTags, String rules) {
    int port = Ports.free();
    put("/meshes/" + mesh + "/meshgateways/edge", """
        type: MeshGateway
        mesh: %s
        name: edge
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        %s""".formatted(mesh, port, listenerTags.isEmpty() ? "" : "      tags: " + listenerTags + "\n"));
    put("/meshes/" + mesh + "/meshgatewayroutes/" + route, """
        type: MeshGatewayRoute
        mesh: %s
        name: %s
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
        %s
        """.formatted(mesh, route, rules.indent(6).stripTrailing()));
    DataplaneAgent agent = agent("""
        type: Dataplane
        mesh: %s
        name: edge-1
        networking:
          address: 127.0.0.1
          gateway:
            type: BUILTIN
            tags:
              kuma.io/service: edge
        """.formatted(mesh));
    return new BuiltinGateway(port, agent);
  }

  /** A builtin gateway's HTTP listener port and its running agent. */
  record BuiltinGateway(int port, DataplaneAgent agent) {
    /** The listener's base URL, without a trailing slash. */
    String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  /** An agent for delegated gateway {@code service}-1 in Mesh "default", with one outbound per entry of {@code outbounds} (service to port). */
  DataplaneAgent delegatedGateway(String service, Map<String, Integer> outbounds) {
    StringBuilder list = new StringBuilder();
    outbounds.forEach((to, port) -> list.append("    - port: %d\n      tags:\n        kuma.io/service: %s\n".formatted(port, to)));
    return agent("""
        type: Dataplane
        mesh: default
        name: %s-1
        networking:
          address: 127.0.0.1
          gateway:
            type: DELEGATED
            tags:
              kuma.io/service: %s
          outbound:
        %s""".formatted(service, service, list));
  }

  /** Starts an agent for the Dataplane in {@code dataplaneYaml} and waits until its Envoy is live. */
  DataplaneAgent agent(String dataplaneYaml) {
    int adminPort = Ports.free();
    Path file = dir.resolve("dp-" + adminPort + ".yaml");
    try {
      Files.writeString(file, dataplaneYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataplaneAgent agent = new DataplaneAgent(xds, file, adminPort, dir.resolve("agents"));
    agents.add(agent);
    return agent.start(AGENT_START);
  }

  /** Stops the agents (last started first), the servers, the xds-server and the store. */
  @Override
  public void close() {
    for (int i = agents.size() - 1; i >= 0; i--) agents.get(i).close();
    agents.clear();
    servers.forEach(s -> s.stop(0));
    servers.clear();
    otherServers.forEach(Runnable::run);
    otherServers.clear();
    if (xds != null) xds.close();
    store.close();
  }
}
