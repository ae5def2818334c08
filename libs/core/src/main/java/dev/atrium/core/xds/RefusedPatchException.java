package dev.atrium.core.xds;

/**
 * A MeshProxyPatch or ProxyTemplate change that could not be applied, or whose result Envoy would reject:
 * the user's configuration, not Atrium's, is at fault, so the message names the policy and the reason and
 * the proxy keeps its last good configuration.
 */
public final class RefusedPatchException extends IllegalStateException {
  public RefusedPatchException(String message) {
    super(message);
  }

  public RefusedPatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
