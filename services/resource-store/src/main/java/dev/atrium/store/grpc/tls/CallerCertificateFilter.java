package dev.atrium.store.grpc.tls;

import dev.atrium.internaltls.ClientCertificateCheck;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ServerTransportFilter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jboss.logging.Logger;

/**
 * Judges each new Store gRPC connection once, right after its TLS handshake: the caller's certificate
 * must be signed by the internal CA. The verdict goes into the connection's attributes, where
 * {@link RefuseUnverifiedCalls} reads it for every call; a refusal is logged (peer address, reason;
 * INFO, one line per connection) and counted.
 */
final class CallerCertificateFilter extends ServerTransportFilter {
  private static final Logger LOG = Logger.getLogger(CallerCertificateFilter.class);

  static final Attributes.Key<String> VERIFIED_CALLER = Attributes.Key.create("atrium.store.verified-caller");
  static final Attributes.Key<String> REFUSAL = Attributes.Key.create("atrium.store.tls-refusal");

  private final ClientCertificateCheck check;
  private final TlsRefusalMeters meters;

  CallerCertificateFilter(ClientCertificateCheck check, TlsRefusalMeters meters) {
    this.check = check;
    this.meters = meters;
  }

  @Override
  public Attributes transportReady(Attributes transport) {
    SSLSession session = transport.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    Certificate[] chain = null;
    if (session != null) {
      try {
        chain = session.getPeerCertificates();
      } catch (SSLPeerUnverifiedException none) {
        // the caller sent no certificate: refused below
      }
    }
    Optional<ClientCertificateCheck.Refusal> refusal = session == null
        ? Optional.of(new ClientCertificateCheck.Refusal(ClientCertificateCheck.Reason.NO_CERTIFICATE, "no TLS session"))
        : check.check(chain);
    if (refusal.isEmpty()) {
      return transport.toBuilder().set(VERIFIED_CALLER, ((java.security.cert.X509Certificate) chain[0])
          .getSubjectX500Principal().getName()).build();
    }
    String peer = describe(transport.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    LOG.infof("Store gRPC: refused the connection from %s: %s; callers must present a certificate signed by"
        + " the internal CA", peer, refusal.get().detail());
    meters.refused(refusal.get().reason());
    return transport.toBuilder().set(REFUSAL, refusal.get().detail()).build();
  }

  private static String describe(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() == null ? inet.getHostString() + ":" + inet.getPort()
          : inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }
}
