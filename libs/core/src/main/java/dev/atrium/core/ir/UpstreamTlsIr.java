package dev.atrium.core.ir;

import java.util.Objects;

/**
 * Mesh TLS a cluster originates: the proxy presents its own certificate, offers ALPN {@code kuma}, and
 * accepts only a server certificate chaining to {@code caSecret} with the URI SAN {@code verifySpiffeId}.
 *
 * @param sni Kuma's SNI of the destination, {@code <service>{mesh=<mesh>[,tag=value…]}} (sorted tags)
 * @param identitySecret the SDS secret of the proxy's own certificate
 * @param caSecret the SDS secret of the CA(s) the server must chain to
 * @param verifySpiffeId the server's SPIFFE ID, matched exactly ({@code spiffe://<mesh>/<service>})
 */
public record UpstreamTlsIr(String sni, String identitySecret, String caSecret, String verifySpiffeId) {
  public UpstreamTlsIr {
    Objects.requireNonNull(sni, "sni");
    Objects.requireNonNull(identitySecret, "identitySecret");
    Objects.requireNonNull(caSecret, "caSecret");
    Objects.requireNonNull(verifySpiffeId, "verifySpiffeId");
  }
}
