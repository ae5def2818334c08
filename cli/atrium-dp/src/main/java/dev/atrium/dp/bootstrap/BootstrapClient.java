package dev.atrium.dp.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.dp.AgentException;
import dev.atrium.dp.AgentLog;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Fetches the Envoy bootstrap from the xds-server: {@code POST /bootstrap} with kuma-dp's body,
 * retried with a constant backoff until {@code timeout} while the control plane is unreachable,
 * failing or does not know the Dataplane yet (see {@link RetryPolicy}). Returns the bootstrap YAML.
 */
public final class BootstrapClient {
  public static final Duration BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ControlPlaneAddress cp;
  private final ControlPlaneTls tls;
  private final Duration timeout;
  private final Duration backoff;
  private final HttpClient http;

  public BootstrapClient(ControlPlaneTls tls, ControlPlaneAddress cp, Duration timeout, Duration backoff) {
    this.cp = cp;
    this.tls = tls;
    this.timeout = timeout;
    this.backoff = backoff;
    this.http = tls.httpClient().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public String fetch(String requestJson) {
    URI uri = cp.bootstrapUri();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String lastProblem = null;
    for (int attempt = 1; ; attempt++) {
      String problem;
      try {
        HttpResponse<String> response = http.send(request(uri, requestJson, deadline), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        switch (RetryPolicy.decide(response.statusCode(), body)) {
          case DONE:
            return decode(body);
          case FAIL:
            throw new AgentException(List.of(
                "Error: the control plane at " + cp + " rejected the bootstrap request (HTTP " + response.statusCode() + "):",
                body == null || body.isBlank() ? "(empty body)" : body.strip()));
          default:
            problem = response.statusCode() == 404
                ? "the control plane does not know this Dataplane yet (HTTP 404)"
                : "HTTP " + response.statusCode() + (body.isBlank() ? "" : ": " + firstLine(body));
        }
      } catch (IOException e) {
        // A certificate the agent cannot trust stays untrusted: say why and stop, no retries.
        if (e instanceof javax.net.ssl.SSLException && tls.refusal().isPresent()) {
          throw new AgentException(tls.refusal().get());
        }
        problem = describe(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AgentException("Error: interrupted while fetching the bootstrap from " + uri);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new AgentException("Error: no bootstrap from " + uri + " within " + seconds(timeout) + " (" + attempt
            + (attempt == 1 ? " attempt" : " attempts") + "); last problem: " + problem);
      }
      // Every distinct problem is logged, and a repeated one every 10 attempts: alive, not noisy.
      if (!problem.equals(lastProblem) || attempt % 10 == 0) {
        AgentLog.info("bootstrap from " + uri + " failed (attempt " + attempt + "): " + problem + "; retrying every "
            + seconds(backoff) + " for up to " + seconds(timeout));
      }
      lastProblem = problem;
      // The last wait is cut short so that one attempt is made right at the end of the window.
      sleep(Duration.ofNanos(Math.min(backoff.toNanos(), remaining)));
    }
  }

  private static HttpRequest request(URI uri, String json, long deadline) {
    long remaining = Math.max(deadline - System.nanoTime(), Duration.ofSeconds(1).toNanos());
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofNanos(Math.min(remaining, MAX_REQUEST_TIME.toNanos())))
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build();
  }

  /** The 200 answer: {@code {"bootstrap":"<base64 of the YAML>", "kumaSidecarConfiguration":{...}}}. */
  static String decode(String body) {
    try {
      JsonNode bootstrap = JSON.readTree(body).path("bootstrap");
      if (!bootstrap.isTextual() || bootstrap.asText().isEmpty()) {
        throw new AgentException("Error: the bootstrap response has no \"bootstrap\" field: " + firstLine(body));
      }
      return new String(Base64.getDecoder().decode(bootstrap.asText()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AgentException("Error: the bootstrap response is not JSON: " + firstLine(body));
    } catch (IllegalArgumentException e) {
      throw new AgentException("Error: the bootstrap response's \"bootstrap\" is not base64: " + e.getMessage());
    }
  }

  private static String describe(IOException e) {
    if (e instanceof ConnectException) {
      return "cannot connect (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
    }
    if (e instanceof HttpTimeoutException) return "no answer in time (" + e.getMessage() + ")";
    if (e instanceof javax.net.ssl.SSLException) return "TLS handshake failed (" + e.getMessage() + ")";
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl) + " ...";
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException("Error: interrupted while waiting to retry the bootstrap");
    }
  }
}
