package dev.atrium.e2e;

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

/** A small HTTP client for the REST API, as any user's script would call it. */
public final class Http {
  // Trusts the test's xds-servers' CAs for their HTTPS port (TrustedCas); the REST API is plain HTTP.
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .sslContext(TrustedCas.sslContext()).build();

  private Http() {}

  public record Reply(int status, String body) {
    public JsonNode json() {
      try {
        return Mappers.JSON.readTree(body);
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
