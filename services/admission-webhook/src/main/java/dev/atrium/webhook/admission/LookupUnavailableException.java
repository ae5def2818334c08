package dev.atrium.webhook.admission;

/**
 * Something a decision depends on (a mesh, a secret, a namespace) could not be looked up right now.
 * The webhook answers with an HTTP error instead of a verdict, so the API server's failurePolicy
 * decides what happens to the request.
 */
public class LookupUnavailableException extends RuntimeException {
  public LookupUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
