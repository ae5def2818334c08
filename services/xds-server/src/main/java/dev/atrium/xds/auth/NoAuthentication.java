package dev.atrium.xds.auth;

import dev.atrium.core.model.Resource;

/**
 * {@code none}: every proxy is taken at its word (Kuma's {@code dpServer.authn.dpProxy.type: none}), for
 * a control plane no untrusted process can reach.
 */
public final class NoAuthentication implements ProxyAuthenticator {
  @Override
  public void authenticate(String credential, Resource dataplane) {}
}
