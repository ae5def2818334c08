package dev.atrium.security.token;

/** A token that does not authenticate anyone; the message is Kuma's, safe to show the caller (never the token). */
public final class TokenException extends Exception {
  public TokenException(String message) {
    super(message);
  }
}
