package dev.atrium.testing.envoy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small client for one Envoy's admin port (127.0.0.1), for tests that look at what a real Envoy
 * accepted: its config dump, its listeners, the hosts it has for a cluster, its counters, and whether
 * it is ready. An Envoy in another network namespace is asked through a {@link Transport} (curl there).
 */
public final class EnvoyAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How a GET reaches the admin port; fails with an UncheckedIOException when it cannot. */
  @FunctionalInterface
  public interface Transport {
    Response get(URI url);
  }

  /** An admin answer: status and body. */
  public record Response(int status, String body) {}

  private final URI base;
  private final Transport transport;

  public EnvoyAdmin(int port) {
    this("127.0.0.1", port);
  }

  public EnvoyAdmin(String host, int port) {
    this.base = URI.create("http://" + host + ":" + port);
    this.transport = direct();
  }

  /** The admin port of an Envoy on 127.0.0.1 that only {@code transport} reaches (another network namespace). */
  public EnvoyAdmin(int port, Transport transport) {
    this.base = URI.create("http://127.0.0.1:" + port);
    this.transport = transport;
  }

  public int port() {
    return base.getPort();
  }

  /** GET /config_dump: one entry per config type under {@code configs}, each with its {@code @type}. */
  public JsonNode configDump() {
    return json("/config_dump");
  }

  /**
   * Whether Envoy is serving: GET /ready answers 200 {@code LIVE} once its initial xDS fetch is done
   * (503 while it is still initialising, or draining). An unreachable admin port is "not ready".
   */
  public boolean ready() {
    try {
      Response r = send("/ready");
      return r.status() == 200 && r.body().trim().equals("LIVE");
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** Polls {@link #ready()} until it is true; fails after {@code timeout}. */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Envoy admin " + base + " not ready (GET /ready != 200 LIVE) after " + timeout);
      }
      sleep(100);
    }
  }

  /** Names of the listeners Envoy has bound (static and from LDS), in Envoy's order. */
  public List<String> listenerNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode status : json("/listeners?format=json").path("listener_statuses")) {
      names.add(status.path("name").asText());
    }
    return names;
  }

  /**
   * The hosts Envoy currently has for {@code cluster}, as {@code address:port} (what EDS or a static
   * load assignment gave it); empty when the cluster has no hosts or does not exist.
   */
  public List<String> clusterHosts(String cluster) {
    List<String> hosts = new ArrayList<>();
    for (JsonNode status : json("/clusters?format=json").path("cluster_statuses")) {
      if (!status.path("name").asText().equals(cluster)) continue;
      for (JsonNode host : status.path("host_statuses")) {
        JsonNode socket = host.path("address").path("socket_address");
        hosts.add(socket.path("address").asText() + ":" + socket.path("port_value").asInt());
      }
    }
    return hosts;
  }

  /** Names of the clusters Envoy has (static and from CDS). */
  public List<String> clusterNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode status : json("/clusters?format=json").path("cluster_statuses")) {
      names.add(status.path("name").asText());
    }
    return names;
  }

  /**
   * The value of the counter or gauge {@code name} (e.g. {@code cluster.backend.upstream_rq_total}), 0
   * when Envoy has no such stat yet (Envoy creates most of them lazily).
   */
  public long stat(String name) {
    Response r = send("/stats");
    if (r.status() != 200) throw new IllegalStateException("GET " + base + "/stats answered " + r.status() + ": " + r.body());
    String prefix = name + ": ";
    return r.body().lines().filter(l -> l.startsWith(prefix)).findFirst()
        .map(l -> Long.parseLong(l.substring(prefix.length()).trim())).orElse(0L);
  }

  /**
   * Every counter and gauge whose name matches the regular expression {@code regex} (Envoy's
   * {@code /stats?filter=}), name to value; histograms are left out.
   */
  public java.util.Map<String, Long> stats(String regex) {
    String query = "/stats?filter=" + java.net.URLEncoder.encode(regex, java.nio.charset.StandardCharsets.UTF_8);
    Response r = send(query);
    if (r.status() != 200) throw new IllegalStateException("GET " + base + query + " answered " + r.status() + ": " + r.body());
    java.util.Map<String, Long> stats = new java.util.TreeMap<>();
    r.body().lines().forEach(line -> {
      int colon = line.lastIndexOf(": ");
      if (colon < 0) return;
      String value = line.substring(colon + 2).trim();
      if (value.matches("\\d+")) stats.put(line.substring(0, colon), Long.parseLong(value));
    });
    return stats;
  }

  /** The sum of the stats {@link #stats(String)} finds, e.g. every RBAC filter's {@code rbac.denied}. */
  public long statSum(String regex) {
    return stats(regex).values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * GET /certs: the certificates Envoy holds, SDS ones included; under {@code certificates}, each
   * entry's {@code cert_chain} items carry {@code serial_number}, {@code subject_alt_names}
   * ({@code uri}) and {@code expiration_time}.
   */
  public JsonNode certs() {
    return json("/certs");
  }

  private JsonNode json(String pathAndQuery) {
    Response r = send(pathAndQuery);
    if (r.status() != 200) {
      throw new IllegalStateException("GET " + base + pathAndQuery + " answered " + r.status() + ": " + r.body());
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + base + pathAndQuery + " did not return JSON", e);
    }
  }

  private Response send(String pathAndQuery) {
    return transport.get(base.resolve(pathAndQuery));
  }

  private static Transport direct() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return url -> {
      HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build();
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
      } catch (IOException e) {
        throw new UncheckedIOException("Envoy admin " + url + " unreachable: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
