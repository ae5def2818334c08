package dev.atrium.xds.auth.kube;

import java.util.Optional;

/**
 * The two questions {@link ServiceAccountTokenAuthenticator} asks the Kubernetes API server: which
 * service account a Pod runs as, and whose token a credential is (TokenReview).
 * {@link Fabric8ClusterIdentities} asks a real one.
 */
public interface ClusterIdentities {

  /**
   * The service account Pod {@code namespace/pod} runs as ({@code default} when its spec names none, as
   * the API server's ServiceAccount admission would have filled in); empty when there is no such Pod.
   *
   * @throws ClusterUnreachableException when the API server could not answer
   */
  Optional<String> podServiceAccount(String namespace, String pod);

  /**
   * The API server's review of {@code token}.
   *
   * @throws ClusterUnreachableException when the API server could not answer
   */
  TokenReviewResult review(String token);

  /** What a TokenReview said: authenticated or not, the user it names, the API server's error. */
  record TokenReviewResult(boolean authenticated, String username, String error) {}

  /** The API server could not be asked (down, refused us, timed out). */
  final class ClusterUnreachableException extends RuntimeException {
    public ClusterUnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
