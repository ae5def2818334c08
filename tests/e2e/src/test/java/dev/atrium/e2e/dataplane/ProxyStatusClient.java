package dev.atrium.e2e.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.testing.process.TrustedCas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads the xds-server's view of its proxies ({@code GET /proxies}) and writes through the store's REST API. */
final class ProxyStatusClient {
  // The xds-server's port is HTTPS: trust the test's xds-servers' CAs (TrustedCas).
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .sslContext(TrustedCas.sslContext()).build();

  private ProxyStatusClient() {}

  /** The status of one proxy from {@code GET {xdsUrl}/proxies}, or null if the server does not know it. */
  static JsonNode proxy(String xdsUrl, String name) {
    JsonNode body = json(send(HttpRequest.newBuilder(URI.create(xdsUrl + "/proxies")).GET()).body());
    for (JsonNode p : body.get("items")) {
      if (p.get("name").asText().equals(name)) return p;
    }
    return null;
  }

  static long pushes(String xdsUrl, String name) {
    JsonNode p = proxy(xdsUrl, name);
    return p == null ? -1 : p.get("pushes").asLong();
  }

  /** responsesSent of one xDS type (short name, e.g. "ClusterLoadAssignment"). */
  static long sent(String xdsUrl, String name, String type) {
    JsonNode p = proxy(xdsUrl, name);
    return p == null || !p.get("types").has(type) ? 0 : p.get("types").get(type).get("responsesSent").asLong();
  }

  static int put(String url, String yaml) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/yaml")
        .PUT(HttpRequest.BodyPublishers.ofString(yaml))).statusCode();
  }

  static int delete(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE()).statusCode();
  }

  static int post(String url, String json) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))).statusCode();
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return CLIENT.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String s) {
    try {
      return Mappers.JSON.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
