package dev.atrium.e2e.policy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One GET through a proxy: its status (-1 when there was no answer), body (or the error) and how long it took. */
record Timed(int status, String body, Duration elapsed) {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** GETs {@code url}, waiting up to 10 s: long enough for the delays and timeouts the tests measure. */
  static Timed get(String url) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Timed(r.statusCode(), r.body(), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      return new Timed(-1, e.toString(), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
