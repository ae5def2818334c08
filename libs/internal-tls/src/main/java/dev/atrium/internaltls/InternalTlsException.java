package dev.atrium.internaltls;

/** The internal TLS settings cannot work as given; the message names the setting and what to do. */
public final class InternalTlsException extends IllegalStateException {
  public InternalTlsException(String message) {
    super(message);
  }
}
