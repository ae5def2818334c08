package dev.atrium.core.translate;

import dev.atrium.core.ir.Protocol;
import dev.atrium.core.snapshot.Endpoint;
import java.util.List;
import java.util.Set;

/**
 * Which protocol a listener speaks, from kuma.io/protocol tags. HTTP/2 and gRPC are handled as HTTP
 * for now: the HTTP connection manager negotiates them, and what they need beyond that (HTTP/2
 * upstream options) is a later configurer's business.
 */
final class ProtocolInference {
  private ProtocolInference() {}

  private static final Set<String> HTTP_FAMILY = Set.of("http", "http2", "grpc");

  /** An inbound speaks the protocol of its own tag; no tag, tcp, tls or kafka mean TCP. */
  static Protocol ofTag(String protocolTag) {
    return protocolTag != null && HTTP_FAMILY.contains(protocolTag) ? Protocol.HTTP : Protocol.TCP;
  }

  /**
   * An outbound speaks HTTP only when every endpoint of its destination is tagged with an HTTP
   * protocol: one TCP endpoint, or no endpoint at all (nothing is known), makes it TCP, which carries
   * any traffic.
   */
  static Protocol ofEndpoints(List<Endpoint> endpoints) {
    if (endpoints.isEmpty()) return Protocol.TCP;
    return endpoints.stream().allMatch(e -> ofTag(e.protocol()) == Protocol.HTTP) ? Protocol.HTTP : Protocol.TCP;
  }
}
