package dev.atrium.testing.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.testing.process.TrustedCas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small HTTP client for the REST API, as any user's script would call it: the end-to-end tests and the
 * benchmarks share it.
 */
public final class Http {
  // Trusts the test's xds-servers' CAs for their HTTPS port (TrustedCas); the REST API is plain HTTP.
  // HTTP/1.1 as curl speaks it: no h2c upgrade header on requests through Envoy, and timings the benches
  // can compare with curl's.
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).sslContext(TrustedCas.sslContext()).build();

  private static final ObjectMapper JSON = new ObjectMapper();

  private Http() {}

  public record Reply(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
      }
    }
  }

  public static Reply get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  public static Reply put(String url, String body, String contentType) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("content-type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A POST with the given headers (name, value, name, value, ...). */
  public static Reply post(String url, String body, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(url)).headers(headers).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A YAML PUT that must succeed: anything but 2xx throws, with the answer in the message. */
  public static void putYaml(String url, String yaml) {
    Reply r = put(url, yaml, "application/yaml");
    if (r.status() / 100 != 2) throw new IllegalStateException("PUT " + url + " answered " + r.status() + ": " + r.body());
  }

  /** The status of a GET; -1 on a connection error (a listener not there yet), so callers can poll for it. */
  public static int status(String url) {
    try {
      return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Reply delete(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
  }

  /** Any request, e.g. a DELETE with headers. */
  public static Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = CLIENT.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
