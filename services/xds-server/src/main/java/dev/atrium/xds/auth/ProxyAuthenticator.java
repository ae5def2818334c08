package dev.atrium.xds.auth;

/** Checks what a proxy presented on its ADS stream (metadata `authorization`) against the Dataplane it claims to be. */
public interface ProxyAuthenticator {
  /** @throws AuthenticationException with Kuma's words, without the "authentication failed: " prefix (the caller adds it). */
  void authenticate(String credential, dev.atrium.core.model.Resource dataplane) throws AuthenticationException;
}
