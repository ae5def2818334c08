package dev.atrium.testing.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.testing.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Prometheus server (Debian's 2.42, what {@code .ci/install-tools.sh} installs):
 * {@code $ATRIUM_PROMETHEUS}, else {@code prometheus} on PATH, on a free 127.0.0.1 port with its
 * configuration, TSDB and log in one directory. The tests talk to it as a user would: its HTTP API
 * ({@code /api/v1/targets}, {@code /api/v1/query}). Missing is a failure that says how to install it,
 * never a skipped test.
 */
public final class PrometheusServer implements AutoCloseable {
  public static final String ENV = "ATRIUM_PROMETHEUS";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;
  private final int port;
  private final Process process;

  private PrometheusServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /**
   * A configuration with one scrape job, {@code job}, whose targets come only from the HTTP service
   * discovery at {@code sdUrl}; discovery, scrapes and rule evaluation every {@code interval} so a
   * test sees a change within seconds.
   */
  public static String httpServiceDiscoveryConfig(String job, String sdUrl, Duration interval) {
    return httpServiceDiscoveryConfig(job, sdUrl, interval, null);
  }

  /** The same, verifying HTTPS targets (those with {@code __scheme__: https}, the xds-server) with {@code caFile}. */
  public static String httpServiceDiscoveryConfig(String job, String sdUrl, Duration interval, Path caFile) {
    String every = interval.toMillis() + "ms";
    return """
        global:
          scrape_interval: %s
          scrape_timeout: %s
          evaluation_interval: %s
        scrape_configs:
          - job_name: %s
            http_sd_configs:
              - url: %s
                refresh_interval: %s
        """.formatted(every, every, every, job, sdUrl, every)
        + (caFile == null ? "" : "    tls_config:\n      ca_file: " + caFile + "\n");
  }

  /** Starts Prometheus with {@code configYaml} in {@code dir} and waits until {@code /-/ready} says so. */
  public static PrometheusServer start(Path dir, String configYaml) {
    try {
      Files.createDirectories(dir);
      Path config = Files.writeString(dir.resolve("prometheus.yml"), configYaml);
      int port = Ports.free();
      Process process = new ProcessBuilder(binary().toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=info")
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      process.getOutputStream().close();
      PrometheusServer server = new PrometheusServer(dir, port, process);
      server.awaitReady(Duration.ofSeconds(30));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Prometheus could not be started in " + dir, e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The active targets as {@code /api/v1/targets} reports them (labels, health, lastError, …). */
  public List<JsonNode> activeTargets() {
    List<JsonNode> out = new ArrayList<>();
    get("/api/v1/targets?state=active").at("/data/activeTargets").forEach(out::add);
    return out;
  }

  /** An instant query's result vector: each element has {@code metric} (labels) and {@code value}. */
  public List<JsonNode> query(String promql) {
    JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(answer.path("status").asText())) {
      throw new IllegalStateException("query " + promql + " failed: " + answer);
    }
    List<JsonNode> out = new ArrayList<>();
    answer.at("/data/result").forEach(out::add);
    return out;
  }

  /** Prometheus's own log, for a failing assertion's message. */
  public String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(cannot read the log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private JsonNode get(String pathAndQuery) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + pathAndQuery + " on Prometheus failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) return;
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    close();
    throw new IllegalStateException("Prometheus not ready after " + timeout + ":\n" + log());
  }

  static Path binary() {
    return PrometheusBinaries.find(ENV, "prometheus");
  }

}
