package dev.atrium.dp.bootstrap;

/**
 * What to do with the control plane's answer to a bootstrap request, as kuma-dp decides it: a 404
 * with an empty body means "that Dataplane is not known yet" and is worth waiting for; any other 4xx
 * is the control plane saying no (an invalid Dataplane: its body says why) and retrying cannot help;
 * everything else that is not 200 (5xx, a proxy in between) may pass. Connection errors are retried
 * by the caller.
 */
public final class RetryPolicy {
  public enum Decision { DONE, RETRY, FAIL }

  private RetryPolicy() {}

  public static Decision decide(int status, String body) {
    if (status == 200) return Decision.DONE;
    if (status == 404 && (body == null || body.isBlank())) return Decision.RETRY;
    if (status >= 400 && status < 500) return Decision.FAIL;
    return Decision.RETRY;
  }
}
