package dev.atrium.xds.auth.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link ClusterIdentities} from the API server through fabric8 (JDK HTTP client). The client is built
 * on the first question, not before: an xds-server that never authenticates a service-account token
 * (universal mode, no kubeconfig anywhere) never looks for Kubernetes credentials. Its RBAC needs are
 * {@code create} on {@code authentication.k8s.io/tokenreviews} and {@code get} on {@code pods}.
 */
public final class Fabric8ClusterIdentities implements ClusterIdentities, AutoCloseable {
  private final Optional<Path> kubeconfig;
  private final Duration requestTimeout;
  private KubernetesClient client;

  /**
   * @param kubeconfig a kubeconfig file; empty: fabric8's discovery (the Pod's service account inside a
   *     cluster, else {@code $KUBECONFIG} or {@code ~/.kube/config})
   * @param requestTimeout how long one API call may take (a proxy's connection waits for it)
   */
  public Fabric8ClusterIdentities(Optional<Path> kubeconfig, Duration requestTimeout) {
    this.kubeconfig = kubeconfig;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public Optional<String> podServiceAccount(String namespace, String pod) {
    Pod found;
    try {
      found = client().pods().inNamespace(namespace).withName(pod).get();
    } catch (KubernetesClientException e) {
      throw new ClusterUnreachableException(describe(e), e);
    }
    if (found == null) return Optional.empty();
    String name = found.getSpec() == null ? null : found.getSpec().getServiceAccountName();
    return Optional.of(name == null || name.isEmpty() ? "default" : name);
  }

  @Override
  public TokenReviewResult review(String token) {
    TokenReview request = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
    TokenReview answer;
    try {
      answer = client().authentication().v1().tokenReviews().create(request);
    } catch (KubernetesClientException e) {
      throw new ClusterUnreachableException(describe(e), e);
    }
    TokenReviewStatus status = answer.getStatus();
    if (status == null) return new TokenReviewResult(false, null, "the TokenReview came back without a status");
    String user = status.getUser() == null ? null : status.getUser().getUsername();
    return new TokenReviewResult(Boolean.TRUE.equals(status.getAuthenticated()), user, status.getError());
  }

  @Override
  public synchronized void close() {
    if (client != null) client.close();
    client = null;
  }

  private synchronized KubernetesClient client() {
    if (client == null) client = new KubernetesClientBuilder().withConfig(config()).build();
    return client;
  }

  private Config config() {
    Config base;
    if (kubeconfig.isPresent()) {
      try {
        base = Config.fromKubeconfig(Files.readString(kubeconfig.get()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the kubeconfig " + kubeconfig.get(), e);
      }
    } else {
      base = Config.autoConfigure(null);
    }
    int millis = (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
    // One attempt per question: the proxy retries its connection, and a reconnect storm must not
    // multiply into retries against the API server.
    return new ConfigBuilder(base).withRequestTimeout(millis).withConnectionTimeout(millis)
        .withRequestRetryBackoffLimit(0).build();
  }

  /** The API server's status line, never the request (which carries the token). */
  private static String describe(KubernetesClientException e) {
    if (e.getCode() > 0 && e.getStatus() != null) return "HTTP " + e.getCode() + " " + e.getStatus().getMessage();
    return e.getMessage();
  }
}
