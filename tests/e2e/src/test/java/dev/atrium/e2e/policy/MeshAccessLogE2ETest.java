package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.atrium.core.codec.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
  static PolicyMesh mesh;
  static String url;

  @BeforeAll
  static void start() {
    mesh = PolicyMesh.withDefaultPolicies(dir);
    // Answers the status named by the path's last segment (/measure/3/404 → 404), 200 otherwise.
    HttpServer backend = mesh.httpServer(exchange -> {
      String[] parts = exchange.getRequestURI().getPath().split("/");
      int status = parts.length > 0 && parts[parts.length - 1].matches("[1-5][0-9][0-9]")
          ? Integer.parseInt(parts[parts.length - 1]) : 200;
      Backends.reply(exchange, status, "ok");
    });
    mesh.put("/meshes/" + MESH, "type: Mesh\nname: " + MESH + "\n");
    mesh.dataplane(MESH, "backend-1", "backend", backend);
    url = mesh.builtinGateway(MESH, "backend", "", """
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: backend}}]
        """).url();
    Await.until(Duration.ofSeconds(60), Await.PAUSE, () -> status("/probe"), s -> s == 200,
        last -> url + "/probe never answered as expected, last " + last);
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @Test
  void aPlainFormatOnTheMeshGatewayWritesOneLinePerRequestWithMeshAndStatus() {
    Path log = dir.resolve("plain.log");
    String policy = "/meshes/" + MESH + "/meshaccesslogs/edge-plain";
    mesh.put(policy, """
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
      mesh.delete(policy);
    }
  }

  @Test
  void aJsonFormatWritesOneJsonObjectPerRequest() throws IOException {
    Path log = dir.resolve("json.log");
    String policy = "/meshes/" + MESH + "/meshaccesslogs/edge-json";
    mesh.put(policy, """
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
      mesh.delete(policy);
    }
  }

  @Test
  void aLegacyTrafficLogWritesToTheMeshFileBackend() {
    Path log = dir.resolve("traffic.log");
    mesh.put("/meshes/" + MESH, """
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
    mesh.put(policy, """
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
      mesh.delete(policy);
      mesh.put("/meshes/" + MESH, "type: Mesh\nname: " + MESH + "\n");
    }
  }

  /** Sends probes until one shows up in {@code log}: the policy has reached Envoy. */
  private static void awaitLogging(Path log, String tag) {
    int[] i = {0};
    Await.until(Duration.ofSeconds(45), Duration.ofMillis(300), () -> {
      status("/probe/" + tag + "/" + i[0]++);
      return !lines(log, "/probe/" + tag + "/").isEmpty();
    }, logged -> logged, notLogged -> "no access log line in " + log + " within 45 s");
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
    while (lines(log, marker).size() < N && System.nanoTime() < deadline) Await.sleep(Duration.ofMillis(200));
    Await.sleep(FLUSH_INTERVAL.plusMillis(1000));
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
}
