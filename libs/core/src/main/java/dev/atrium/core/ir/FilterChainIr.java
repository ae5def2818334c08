package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One filter chain of a listener that picks its chain by the TLS SNI a client sends (a builtin
 * gateway's HTTPS and TLS ports: one chain per listener hostname).
 *
 * @param serverName the SNI this chain answers: a name, a {@code *.suffix} wildcard, or {@code *} for
 *     any TLS connection no other chain claims
 * @param tls the certificates the chain terminates TLS with; null passes the TLS bytes through untouched
 * @param route the HTTP routes of the decrypted requests (HTTPS), else null
 * @param clusters where the connection's bytes go, split by weight (TLS), else empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FilterChainIr(String serverName, TlsIr tls, RouteIr route, List<WeightedCluster> clusters) {
  public FilterChainIr {
    Objects.requireNonNull(serverName, "serverName");
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    if ((route == null) == clusters.isEmpty()) {
      throw new IllegalArgumentException("filter chain " + serverName + " needs either a route or clusters");
    }
    if (route != null && tls == null) {
      throw new IllegalArgumentException("filter chain " + serverName + ": HTTP routes need TLS terminated");
    }
  }

  /**
   * TLS termination: TLS 1.2 or newer, no client certificates.
   *
   * @param certificates the SDS secrets holding the server certificates (one RSA, one ECDSA at most)
   * @param alpn the protocols offered in ALPN, in preference order (none for TLS listeners)
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record TlsIr(List<String> certificates, List<String> alpn) {
    public TlsIr {
      certificates = List.copyOf(certificates);
      alpn = alpn == null ? List.of() : List.copyOf(alpn);
      if (certificates.isEmpty()) throw new IllegalArgumentException("TLS termination needs a certificate");
    }
  }
}
