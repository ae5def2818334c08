package dev.atrium.bench.store;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Writes MeshGateways through the store's Kuma-compatible REST API, as kumactl apply does. Each name
 * gets its own service tag and hostname, so every write is a new, valid, non-conflicting resource.
 */
final class GatewayWriter {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String apiUrl;

  GatewayWriter(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  /** PUT one gateway; blocks until the store has answered, fails unless it answered 200 or 201. */
  void put(String name) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/meshes/default/meshgateways/" + name))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body(name)))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("PUT " + name + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during PUT " + name, e);
    }
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IllegalStateException("PUT " + name + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  static String body(String name) {
    return "{\"type\":\"MeshGateway\",\"mesh\":\"default\",\"name\":\"" + name + "\","
        + "\"selectors\":[{\"match\":{\"kuma.io/service\":\"" + name + "\"}}],"
        + "\"conf\":{\"listeners\":[{\"port\":8080,\"protocol\":\"HTTP\",\"hostname\":\"" + name + ".example.com\"}]}}";
  }
}
