package dev.atrium.e2e.policy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Handlers for the HTTP backends behind the proxies: each answers in a way a policy's effect can be read from. */
final class Backends {
  private Backends() {}

  /** Sends {@code status} with {@code body} and ends the exchange. */
  static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** Answers every request {@code status} with {@code body}. */
  static HttpHandler answering(int status, String body) {
    return exchange -> reply(exchange, status, body);
  }

  /** Answers every request {@code status} with {@code body} after {@code delay} (an interrupt cuts the wait short, not the answer). */
  static HttpHandler after(Duration delay, int status, String body) {
    return exchange -> {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(exchange, status, body);
    };
  }

  /** Answers every request 200 with {@code name}, and {@code /health} with {@code healthStatus}: an endpoint a health check can fail. */
  static HttpHandler named(String name, int healthStatus) {
    return exchange -> {
      boolean health = exchange.getRequestURI().getPath().equals("/health");
      reply(exchange, health ? healthStatus : 200, health ? "health" : name);
    };
  }
}
