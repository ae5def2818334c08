package dev.atrium.xds.auth;

/** A proxy that is not who it claims to be; the message (Kuma's words) is safe to show it and never holds its credential. */
public final class AuthenticationException extends Exception {
  public AuthenticationException(String message) {
    super(message);
  }
}
