package dev.atrium.xds.auth;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;

/**
 * Dataplane tokens for Dataplanes, zone tokens for ZoneIngresses (Kuma's {@code dpToken} type covers both):
 * a ZoneIngress belongs to no mesh, so no mesh's signing key can vouch for it; a zone token with scope
 * {@code ingress} for this zone can ({@link ZoneTokenAuthenticator}).
 */
public final class ZoneIngressAuthentication implements ProxyAuthenticator {
  private final ProxyAuthenticator dataplanes;
  private final ZoneTokenAuthenticator ingresses;

  public ZoneIngressAuthentication(ProxyAuthenticator dataplanes, ZoneTokenAuthenticator ingresses) {
    this.dataplanes = dataplanes;
    this.ingresses = ingresses;
  }

  @Override
  public void authenticate(String credential, Resource proxy) throws AuthenticationException {
    if (proxy.kind() == ResourceKind.ZONE_INGRESS) {
      ingresses.authenticate(credential, proxy.name());
    } else {
      dataplanes.authenticate(credential, proxy);
    }
  }
}
