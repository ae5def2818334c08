package dev.atrium.xds.auth.kube;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.xds.auth.AuthenticationException;
import dev.atrium.xds.auth.ProxyAuthenticator;
import dev.atrium.xds.auth.kube.ClusterIdentities.ClusterUnreachableException;
import dev.atrium.xds.auth.kube.ClusterIdentities.TokenReviewResult;
import dev.atrium.xds.config.XdsConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Proxy authentication on Kubernetes ({@code ATRIUM_XDS_AUTH_TYPE=serviceAccountToken}, Kuma's
 * {@code dpServer.authn.dpProxy.type: serviceAccountToken}): an injected sidecar or a gateway instance
 * presents its Pod's service-account token, and it is accepted for the Dataplane {@code <pod>.<namespace>}
 * (ADR 0003; the admission-webhook's {@code DataplaneForPod} names them so) only when the API server's
 * TokenReview authenticates it as {@code system:serviceaccount:<namespace>:<sa>} and {@code <sa>} is the
 * service account that Pod runs as. A token of another Pod of the same service account is therefore
 * accepted too, as in Kuma: the service account is the identity.
 *
 * <p>Acceptances are remembered for {@code token-review-cache-ttl} ({@link ReviewCache}); refusals are
 * not. The token is never logged.
 */
public final class ServiceAccountTokenAuthenticator implements ProxyAuthenticator {
  private static final Logger LOG = Logger.getLogger(ServiceAccountTokenAuthenticator.class);
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  private final ClusterIdentities cluster;
  private final ReviewCache cache;

  public ServiceAccountTokenAuthenticator(ClusterIdentities cluster, Duration cacheTtl, int cacheSize, Clock clock) {
    this.cluster = cluster;
    this.cache = new ReviewCache(cacheTtl, cacheSize, clock);
  }

  /**
   * The authenticator the auth-type switch uses for {@code serviceAccountToken}: the API server from
   * {@code atrium.xds.kubernetes.kubeconfig} or fabric8's discovery, asked only once a proxy connects.
   */
  public static ServiceAccountTokenAuthenticator create(XdsConfig.Kubernetes config) {
    ClusterIdentities cluster = new Fabric8ClusterIdentities(
        config.kubeconfig().filter(s -> !s.isBlank()).map(Path::of), config.requestTimeout());
    return new ServiceAccountTokenAuthenticator(cluster, config.tokenReviewCacheTtl(),
        config.tokenReviewCacheSize(), Clock.systemUTC());
  }

  @Override
  public void authenticate(String credential, Resource dataplane) throws AuthenticationException {
    if (dataplane.kind() != ResourceKind.DATAPLANE) {
      throw new AuthenticationException("no matching authenticator for " + dataplane.kind().typeName() + " resource");
    }
    PodName pod = PodName.of(dataplane.name());
    if (credential == null || credential.isBlank()) {
      throw new AuthenticationException("dataplane token verification failed with an error: the token is empty");
    }
    if (cache.accepted(credential, pod.namespace(), pod.name())) return;

    String podAccount;
    TokenReviewResult review;
    try {
      podAccount = cluster.podServiceAccount(pod.namespace(), pod.name()).orElseThrow(() -> new AuthenticationException(
          "could not retrieve Pod " + pod + " to verify identity of a dataplane proxy: pods \"" + pod.name() + "\" not found"));
    } catch (ClusterUnreachableException e) {
      LOG.warnf("could not read Pod %s to authenticate proxy %s: %s", pod, dataplane.name(), e.getMessage());
      throw new AuthenticationException("could not retrieve Pod " + pod + " to verify identity of a dataplane proxy: "
          + e.getMessage());
    }
    try {
      review = cluster.review(credential);
    } catch (ClusterUnreachableException e) {
      LOG.warnf("TokenReview for proxy %s (service account %s) failed: %s", dataplane.name(), podAccount, e.getMessage());
      throw new AuthenticationException("could not call Kubernetes API Server to verify dataplane token");
    }
    if (!review.authenticated()) {
      LOG.warnf("the API server did not authenticate the token of proxy %s: %s", dataplane.name(), review.error());
      throw new AuthenticationException(
          "dataplane token verification failed with an error: the Kubernetes API server did not authenticate the token");
    }
    String expected = SERVICE_ACCOUNT_PREFIX + pod.namespace() + ":" + podAccount;
    if (!expected.equals(review.username())) {
      String why = tokenAccount(review.username())
          .map(account -> "the token belongs to service account \"" + account + "\", but Pod " + pod
              + " runs as service account \"" + pod.namespace() + "/" + podAccount + "\"")
          .orElse("user \"" + review.username() + "\" is not a service account (Pod " + pod
              + " runs as service account \"" + pod.namespace() + "/" + podAccount + "\")");
      LOG.warnf("refused proxy %s: %s", dataplane.name(), why);
      throw new AuthenticationException("invalid service account token: " + why);
    }
    cache.accept(credential, pod.namespace(), pod.name());
  }

  /** {@code system:serviceaccount:<ns>:<sa>} as {@code <ns>/<sa>}, or empty for any other user. */
  static Optional<String> tokenAccount(String username) {
    if (username == null || !username.startsWith(SERVICE_ACCOUNT_PREFIX)) return Optional.empty();
    String[] parts = username.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) return Optional.empty();
    return Optional.of(parts[0] + "/" + parts[1]);
  }

  /** How many acceptances are remembered, for tests. */
  int cachedAcceptances() {
    return cache.size();
  }

  /** A Dataplane's name on Kubernetes, {@code <pod>.<namespace>}: a namespace has no dot, so it follows the last one. */
  record PodName(String name, String namespace) {
    static PodName of(String dataplaneName) throws AuthenticationException {
      int dot = dataplaneName.lastIndexOf('.');
      if (dot <= 0 || dot == dataplaneName.length() - 1) {
        throw new AuthenticationException("name \"" + dataplaneName
            + "\" must include namespace after the dot, ex. \"name.namespace\"");
      }
      return new PodName(dataplaneName.substring(0, dot), dataplaneName.substring(dot + 1));
    }

    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }
}
