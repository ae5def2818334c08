package dev.atrium.ctl.command;

/** The REST API to call and the user token to present there (null for none). */
record ApiTarget(String url, String token) {
  /** Never the token. */
  @Override
  public String toString() {
    return "ApiTarget[" + url + (token == null ? "" : " with a token") + "]";
  }
}
