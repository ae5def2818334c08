package dev.atrium.xds.identity;

/**
 * A proxy certificate could not be made (no CA yet, an unreadable CA, a Dataplane without a service).
 * The message says which mesh, backend and resource; it never carries key material. The proxy keeps
 * its last config.
 */
public final class IdentityException extends RuntimeException {
  public IdentityException(String message) {
    super(message);
  }

  public IdentityException(String message, Throwable cause) {
    super(message, cause);
  }
}
