package dev.atrium.xds.auth;

import dev.atrium.core.model.Resource;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The check an ADS stream passes once, on its first request: what it presented against the Dataplane it
 * claims. A refusal is Kuma's {@code UNAUTHENTICATED "authentication failed: <reason>"}, logged at INFO
 * (never with the credential) and counted as {@code atrium_xds_auth_refusals_total{reason}}.
 */
public final class ProxyAuthentication {
  private static final Logger LOG = Logger.getLogger(ProxyAuthentication.class);

  private final ProxyAuthenticator authenticator;
  private final MeterRegistry registry;
  private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

  public ProxyAuthentication(ProxyAuthenticator authenticator, MeterRegistry registry) {
    this.authenticator = authenticator;
    this.registry = registry;
  }

  /** Empty when {@code presented} authenticates {@code dataplane}, else the status that ends the stream. */
  public Optional<Status> check(AuthorizationMetadata.Presented presented, Resource dataplane) {
    if (authenticator instanceof NoAuthentication) return Optional.empty();
    String reason;
    if (presented.problem() != null) {
      reason = presented.problem();
    } else {
      try {
        authenticator.authenticate(presented.credential(), dataplane);
        return Optional.empty();
      } catch (AuthenticationException e) {
        reason = e.getMessage();
      } catch (RuntimeException e) {
        // A bug must not let a proxy in, nor echo whatever the exception holds.
        LOG.warnf("authenticating %s failed unexpectedly: %s", dataplane.describe(), e.getClass().getName());
        reason = "could not authenticate the proxy";
      }
    }
    String category = category(reason);
    refusals.computeIfAbsent(category, c -> Counter.builder("atrium.xds.auth.refusals").tag("reason", c)
        .description("ADS streams refused because the proxy did not authenticate").register(registry)).increment();
    LOG.infof("refused proxy %s/%s: authentication failed (%s): %s", dataplane.mesh(), dataplane.name(), category, reason);
    return Optional.of(Status.UNAUTHENTICATED.withDescription("authentication failed: " + reason));
  }

  /** A few coarse reasons, so the metric's cardinality stays fixed whatever the messages say. */
  static String category(String reason) {
    if (reason.contains("\"authorization\" header")) return "missing";
    if (reason.contains("token is revoked")) return "revoked";
    if (reason.contains("token is expired")) return "expired";
    if (reason.contains("no signing key")) return "unknown_key";
    if (reason.contains("from requestor") || reason.contains("tag ") || reason.contains("workload")
        || reason.contains("out of token's scope")) {
      return "mismatch";
    }
    return "invalid";
  }
}
