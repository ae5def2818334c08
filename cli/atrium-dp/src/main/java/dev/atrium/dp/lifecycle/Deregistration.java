package dev.atrium.dp.lifecycle;

import dev.atrium.dp.AgentLog;
import dev.atrium.dp.bootstrap.ControlPlaneAddress;
import dev.atrium.dp.bootstrap.ControlPlaneTls;
import dev.atrium.dp.bootstrap.DataplaneToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Removes this proxy's Dataplane from the control plane when it stops cleanly:
 * {@code DELETE {cp}/dataplanes/{mesh}/{name}}. An Atrium addition (Kuma deletes the Dataplane some
 * time after its ADS stream closes); it means a stopped proxy disappears from every other proxy's
 * endpoints at once. Best effort with a short timeout: a control plane that is down must not keep a
 * stopping proxy waiting, and runs at most once however shutdown was reached.
 */
public final class Deregistration {
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final ControlPlaneTls tls;
  private final URI uri;
  private final String describe;
  private final DataplaneToken token;
  private final AtomicBoolean done = new AtomicBoolean();

  public Deregistration(ControlPlaneTls tls, ControlPlaneAddress cp, String mesh, String name) {
    this(tls, cp, mesh, name, DataplaneToken.NONE);
  }

  /** {@code token}: the proxy's dataplane token, which the control plane asks for (as Authorization). */
  public Deregistration(ControlPlaneTls tls, ControlPlaneAddress cp, String mesh, String name, DataplaneToken token) {
    this.tls = tls;
    this.uri = cp.dataplaneUri(mesh, name);
    this.describe = "Dataplane " + mesh + "/" + name;
    this.token = token;
  }

  private Deregistration() {
    this.tls = null;
    this.uri = null;
    this.describe = null;
    this.token = DataplaneToken.NONE;
    done.set(true);
  }

  /**
   * For a Dataplane the agent did not register (on Kubernetes the Pod controller writes it and removes
   * it with the Pod): stopping leaves it alone.
   */
  public static Deregistration none() {
    return new Deregistration();
  }

  public URI uri() {
    return uri;
  }

  public void run() {
    if (!done.compareAndSet(false, true)) return;
    HttpClient http = tls.httpClient().connectTimeout(TIMEOUT).build();
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT).DELETE();
    if (token.value() != null) builder.header("authorization", token.value());
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status / 100 == 2) {
        AgentLog.info("deregistered " + describe + " (DELETE " + uri + ": " + status + ")");
      } else if (status == 404) {
        AgentLog.info(describe + " was not registered any more (DELETE " + uri + ": 404)");
      } else {
        AgentLog.warn("could not deregister " + describe + ": DELETE " + uri + " answered " + status + " "
            + response.body().strip());
      }
    } catch (IOException e) {
      AgentLog.warn("could not deregister " + describe + ": DELETE " + uri + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      AgentLog.warn("deregistration of " + describe + " interrupted");
    }
  }
}
