package dev.atrium.xds.identity;

import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.time.Instant;
import java.util.List;

/**
 * What one proxy's snapshot gets from the issuer: the SDS secrets of mesh TLS, and when the
 * certificate in them must be renewed (the reconciler sets a timer for it).
 */
public record IdentitySecrets(List<Secret> secrets, Instant renewAt) {
  public IdentitySecrets {
    secrets = List.copyOf(secrets);
  }

  @Override
  public String toString() {
    return "IdentitySecrets[" + secrets.stream().map(Secret::getName).toList() + ", renewAt=" + renewAt + "]";
  }
}
