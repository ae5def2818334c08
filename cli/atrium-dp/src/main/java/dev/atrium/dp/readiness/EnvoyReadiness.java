package dev.atrium.dp.readiness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether this proxy should receive traffic, in three stages: before Envoy runs (not ready); while it
 * runs, whatever Envoy's admin {@code /ready} says ({@code LIVE} once its first configuration arrived,
 * else {@code PRE_INITIALIZING} while it waits for the control plane's first clusters,
 * {@code INITIALIZING} for its listeners, or {@code DRAINING}); and once atrium-dp was told to stop, not
 * ready, although Envoy still serves while it drains: the Pod must leave its Services' endpoints before
 * Envoy goes away. Envoy's admin stays on loopback; this is the one thing of it a prober on the network
 * may see.
 */
public final class EnvoyReadiness {
  /** An HTTP status and a one-line body. */
  public record Answer(int status, String body) {
    static Answer ready(String body) {
      return new Answer(200, body);
    }

    static Answer notReady(String body) {
      return new Answer(503, body);
    }
  }

  public static final String NOT_STARTED = "envoy not started";
  public static final String UNREACHABLE = "envoy admin unreachable";
  public static final String SHUTTING_DOWN = "shutting down";

  /** Below the injected probe's 3 s timeout, so a hung admin is reported as such, not as a probe timeout. */
  static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(ADMIN_TIMEOUT).build();
  private volatile URI adminReady;
  private volatile boolean shuttingDown;

  /** From now on the answer is Envoy's own, asked at {@code admin} (the address its bootstrap gives it). */
  public void envoyStarted(InetSocketAddress admin) {
    try {
      adminReady = new URI("http", null, admin.getHostString(), admin.getPort(), "/ready", null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an admin address: " + admin, e);
    }
  }

  /** atrium-dp is stopping: not ready from now on, whatever Envoy says. */
  public void shuttingDown() {
    shuttingDown = true;
  }

  public Answer ask() {
    if (shuttingDown) return Answer.notReady(SHUTTING_DOWN);
    URI uri = adminReady;
    if (uri == null) return Answer.notReady(NOT_STARTED);
    HttpResponse<String> reply;
    try {
      reply = http.send(HttpRequest.newBuilder(uri).timeout(ADMIN_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return Answer.notReady(UNREACHABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.notReady(UNREACHABLE);
    }
    // A signal may have come while Envoy was asked; the Pod must not look ready after it.
    if (shuttingDown) return Answer.notReady(SHUTTING_DOWN);
    String state = reply.body().strip();
    if (reply.statusCode() == 200) return Answer.ready(state);
    return Answer.notReady(state.isEmpty() ? "envoy admin answered " + reply.statusCode() : state);
  }
}
