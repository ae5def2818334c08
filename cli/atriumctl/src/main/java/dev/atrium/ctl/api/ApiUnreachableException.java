package dev.atrium.ctl.api;

/** No HTTP answer at all (refused, timed out, unknown host): nothing after this can work. */
public final class ApiUnreachableException extends RuntimeException {
  public ApiUnreachableException(String apiUrl, String reason) {
    super("cannot reach the Atrium API at " + apiUrl + ": " + reason);
  }
}
