package dev.atrium.store.rest.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Refused REST calls: {@code atrium_api_auth_refusals_total{status="401"|"403"}}, and one INFO line each
 * naming the caller, the request and Kuma's reason — never the token.
 */
@Singleton
public class AuthRefusals {
  private static final Logger LOG = Logger.getLogger(AuthRefusals.class);
  private static final int MAX_LOGGED_PATH = 200;

  private final Counter unauthenticated;
  private final Counter forbidden;

  public AuthRefusals(MeterRegistry registry) {
    this.unauthenticated = counter(registry, "401");
    this.forbidden = counter(registry, "403");
  }

  void unauthenticated(String method, String path, String peer, String reason) {
    unauthenticated.increment();
    LOG.infof("REST call refused (401, invalid authentication data): %s %s from %s: %s", method, shown(path), peer,
        reason);
  }

  void forbidden(String method, String path, String peer, String detail) {
    forbidden.increment();
    LOG.infof("REST call refused (403, access denied): %s %s from %s: %s", method, shown(path), peer, detail);
  }

  /** The path as it came, cut short and quoted: it is the caller's text. */
  private static String shown(String path) {
    String p = path.length() > MAX_LOGGED_PATH ? path.substring(0, MAX_LOGGED_PATH) + "..." : path;
    return GoQuote.quote(p);
  }

  private static Counter counter(MeterRegistry registry, String status) {
    return Counter.builder("atrium.api.auth.refusals")
        .description("REST API calls refused: 401 for a bearer token that authenticates no one, 403 for a caller"
            + " without the right to the request")
        .tag("status", status)
        .register(registry);
  }
}
