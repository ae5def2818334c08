package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.atrium.core.codec.Mappers;
import dev.atrium.e2e.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MeshAccessLog and the legacy TrafficLog on a real builtin gateway: Envoy writes one line per request
 * to the file backend, in the policy's format, with Kuma's placeholders filled by the control plane.
 * N requests (each answered with a status of its own) must give exactly N lines naming the mesh and
 * that status. The mesh is called {@code shop} so that {@code %KUMA_MESH%} is visibly substituted. One
 * control plane, backend and gateway for the class; each case writes its own file.
 */
class MeshAccessLogE2ETest {
  private static final String MESH = "shop";
  private static final int N = 20;
  /** Envoy's default --file-flush-interval-msec. */
  private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  static HttpServer backend;
  static String url;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    // Answers the status named by the path's last segment (/measure/3/404 → 404), 200 otherwise.
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    backend.setExecutor(Executors.newCachedThreadPool());
    backend.createContext("/", exchange -> {
      String[] parts = exchange.getRequestURI().getPath().split("/");
      int status = parts.length > 0 && parts[parts.length - 1].matches("[1-5][0-9][0-9]")
          ? Integer.parseInt(parts[parts.length - 1]) : 200;
      byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    backend.start();

    put("/meshes/" + MESH, "type: Mesh\nname: " + MESH + "\n");
    put("/meshes/" + MESH + "/dataplanes/backend-1", """
        type: Dataplane
        mesh: %s
        name: backend-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: backend
                kuma.io/protocol: http
        """.formatted(MESH, backend.getAddress().getPort()));
    int gatewayPort = Ports.free();
    put("/meshes/" + MESH + "/meshgateways/edge", """
        type: MeshGateway
        mesh: %s
        name: edge
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        """.formatted(MESH, gatewayPort));
    put("/meshes/" + MESH + "/meshgatewayroutes/backend", """
        type: MeshGatewayRoute
        mesh: %s
        name: backend
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: backend}}]
        """.formatted(MESH));
    agent("""
        type: Dataplane
        mesh: %s
        name: edge-1
        networking:
          address: 127.0.0.1
          gateway:
            type: BUILTIN
            tags:
              kuma.io/service: edge
        """.formatted(MESH));
    url = "http://127.0.0.1:" + gatewayPort;
    await(s -> s == 200, "/probe");
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) STARTED.get(i).close();
    STARTED.clear();
    if (backend != null) backend.stop(0);
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @Test
  void aPlainFormatOnTheMeshGatewayWritesOneLinePerRequestWithMeshAndStatus() {
    Path log = dir.resolve("plain.log");
    String policy = "/meshes/" + MESH + "/meshaccesslogs/edge-plain";
    put(policy, """
        type: MeshAccessLog
        mesh: %s
        name: edge-plain
        spec:
          targetRef:
            kind: MeshGateway
            name: edge
          to:
            - targetRef:
                kind: Mesh
              default:
                backends:
                  - type: File
                    file:
                      path: %s
                      format:
                        type: Plain
                        plain: "mesh=%%KUMA_MESH%% status=%%RESPONSE_CODE%% path=%%REQ(:PATH)%% src=%%KUMA_SOURCE_SERVICE%%"
        """.formatted(MESH, log));
    try {
      awaitLogging(log, "plain");
      List<String> lines = measure(log, "plain");
      for (String line : lines) {
        int expected = expectedStatus(line.substring(line.indexOf("path=") + 5).split(" ")[0]);
        assertThat(line).as("Plain line in the policy's format").matches("mesh=\\S+ status=\\d+ path=\\S+ src=\\S+");
        assertThat(line).contains("mesh=" + MESH + " ").contains("status=" + expected + " ").endsWith("src=edge");
      }
      System.out.println("MeshAccessLog Plain: " + N + " requests -> " + lines.size() + " lines, first: " + lines.get(0));
    } finally {
      delete(policy);
    }
  }

  @Test
  void aJsonFormatWritesOneJsonObjectPerRequest() throws IOException {
    Path log = dir.resolve("json.log");
    String policy = "/meshes/" + MESH + "/meshaccesslogs/edge-json";
    put(policy, """
        type: MeshAccessLog
        mesh: %s
        name: edge-json
        spec:
          targetRef:
            kind: Mesh
            proxyTypes: [Gateway]
          to:
            - targetRef:
                kind: Mesh
              default:
                backends:
                  - type: File
                    file:
                      path: %s
                      format:
                        type: Json
                        json:
                          - key: mesh
                            value: "%%KUMA_MESH%%"
                          - key: status
                            value: "%%RESPONSE_CODE%%"
                          - key: path
                            value: "%%REQ(:PATH)%%"
        """.formatted(MESH, log));
    try {
      awaitLogging(log, "json");
      List<String> lines = measure(log, "json");
      for (String line : lines) {
        JsonNode record = Mappers.JSON.readTree(line);
        assertThat(record.path("mesh").asText()).isEqualTo(MESH);
        assertThat(record.path("status").asInt()).isEqualTo(expectedStatus(record.path("path").asText()));
      }
      System.out.println("MeshAccessLog Json: " + N + " requests -> " + lines.size() + " records, first: " + lines.get(0));
    } finally {
      delete(policy);
    }
  }

  @Test
  void aLegacyTrafficLogWritesToTheMeshFileBackend() {
    Path log = dir.resolve("traffic.log");
    put("/meshes/" + MESH, """
        type: Mesh
        name: %s
        logging:
          defaultBackend: file
          backends:
            - name: file
              type: file
              format: "%%KUMA_MESH%% %%RESPONSE_CODE%% %%REQ(:PATH)%% %%KUMA_SOURCE_SERVICE%%->%%KUMA_DESTINATION_SERVICE%%"
              conf:
                path: %s
        """.formatted(MESH, log));
    String policy = "/meshes/" + MESH + "/traffic-logs/edge-all";
    put(policy, """
        type: TrafficLog
        mesh: %s
        name: edge-all
        sources:
          - match: {kuma.io/service: edge}
        destinations:
          - match: {kuma.io/service: '*'}
        """.formatted(MESH));
    try {
      awaitLogging(log, "legacy");
      List<String> lines = measure(log, "legacy");
      for (String line : lines) {
        String[] f = line.split(" ");
        assertThat(f).as(line).hasSize(4);
        assertThat(f[0]).isEqualTo(MESH);
        assertThat(Integer.parseInt(f[1])).isEqualTo(expectedStatus(f[2]));
        assertThat(f[3]).as("a gateway's destination is any service").isEqualTo("edge->*");
      }
      System.out.println("TrafficLog (Mesh file backend): " + N + " requests -> " + lines.size() + " lines, first: " + lines.get(0));
    } finally {
      delete(policy);
      put("/meshes/" + MESH, "type: Mesh\nname: " + MESH + "\n");
    }
  }

  /** Sends probes until one shows up in {@code log}: the policy has reached Envoy. */
  private static void awaitLogging(Path log, String tag) {
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    int i = 0;
    while (System.nanoTime() < deadline) {
      status("/probe/" + tag + "/" + i++);
      if (!lines(log, "/probe/" + tag + "/").isEmpty()) return;
      sleep(300);
    }
    throw new AssertionError("no access log line in " + log + " within 45 s");
  }

  /**
   * N requests to /measure/&lt;tag&gt;/&lt;i&gt;/&lt;status&gt; (200, 404 and 503 in turn), then the lines
   * about them once Envoy has flushed its file buffer (every 10 s by default) and one flush interval
   * later, so a duplicate line would have shown up: exactly N, one per request.
   */
  private static List<String> measure(Path log, String tag) {
    for (int i = 0; i < N; i++) {
      String path = "/measure/" + tag + "/" + i + "/" + new int[] {200, 404, 503}[i % 3];
      assertThat(status(path)).as(path).isEqualTo(expectedStatus(path));
    }
    String marker = "/measure/" + tag + "/";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (lines(log, marker).size() < N && System.nanoTime() < deadline) sleep(200);
    sleep(FLUSH_INTERVAL.toMillis() + 1000);
    List<String> lines = lines(log, marker);
    assertThat(lines).as("one line per request").hasSize(N);
    for (int i = 0; i < N; i++) {
      String path = marker + i + "/";
      assertThat(lines).as("a line for request " + i).filteredOn(l -> l.contains(path)).hasSize(1);
    }
    return lines;
  }

  private static int expectedStatus(String path) {
    String[] parts = path.split("/");
    String last = parts[parts.length - 1];
    return last.matches("[1-5][0-9][0-9]") ? Integer.parseInt(last) : 200;
  }

  private static List<String> lines(Path log, String containing) {
    try {
      return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(containing)).toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int status(String path) {
    try {
      return CLIENT.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void await(Predicate<Integer> ok, String path) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int last;
    do {
      last = status(path);
      if (ok.test(last)) return;
      sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(url + path + " never answered as expected, last " + last);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static DataplaneAgent agent(String dataplaneYaml) {
    int adminPort = Ports.free();
    Path file = dir.resolve("dp-" + adminPort + ".yaml");
    try {
      Files.writeString(file, dataplaneYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataplaneAgent agent = new DataplaneAgent(xds, file, adminPort, dir.resolve("agents"));
    STARTED.add(agent);
    return agent.start(Duration.ofSeconds(60));
  }

  private static void put(String path, String yaml) {
    Http.Reply reply = Http.put(store.apiUrl() + path, yaml, "application/yaml");
    if (reply.status() / 100 != 2) throw new AssertionError("PUT " + path + " answered " + reply.status() + ": " + reply.body());
  }

  private static void delete(String path) {
    Http.Reply deleted = Http.delete(store.apiUrl() + path);
    assertThat(deleted.status() / 100).as("DELETE " + path + ": " + deleted.body()).isEqualTo(2);
  }
}
