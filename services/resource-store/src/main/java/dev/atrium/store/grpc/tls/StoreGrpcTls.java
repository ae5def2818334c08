package dev.atrium.store.grpc.tls;

import dev.atrium.internaltls.ClientCertificateCheck;
import dev.atrium.internaltls.InternalTls;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.grpc.VertxServerBuilder;
import jakarta.inject.Singleton;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * Puts the Store gRPC API (the separate gRPC server, {@code quarkus.grpc.server.*}) behind mutual TLS
 * with the internal CA ({@link InternalTls}): TLS only, and every call refused unless the caller's
 * certificate is signed by that CA.
 *
 * <p>Where a refusal is observed, and why there: a handshake that fails inside grpc-java's Netty
 * transport is visible to nobody but grpc-java's own FINE log (no Vert.x exception handler runs on this
 * server: Quarkus's separate server is grpc-java's {@code NettyServerBuilder} under Vert.x's event loops,
 * and a trust manager failing the handshake sees the certificate but not the peer's address). So the
 * handshake asks for a certificate without judging it (any chain, or none, completes it; the client
 * still proves it holds the certificate's key), and the judgement happens once per connection right
 * after it, in {@link CallerCertificateFilter}, which has the TLS session and the peer's address: a
 * refused connection is logged at INFO with address and reason and counted
 * ({@code atrium_store_grpc_tls_refusals_total{reason}}), and {@link RefuseUnverifiedCalls} closes every
 * call on it with UNAUTHENTICATED and that reason before any Store method runs. Nothing of a caller's
 * reaches the Store service without a verified certificate.
 */
@Singleton
public class StoreGrpcTls implements ServerBuilderCustomizer<VertxServerBuilder> {
  private static final Logger LOG = Logger.getLogger(StoreGrpcTls.class);

  private final InternalTls tls;
  private final TlsRefusalMeters meters;

  public StoreGrpcTls(InternalTls tls, TlsRefusalMeters meters) {
    this.tls = tls;
    this.meters = meters;
  }

  @Override
  public void customize(GrpcServerConfiguration config, VertxServerBuilder builder) {
    tls.requireUsable();
    if (!tls.enabled()) {
      LOG.warnf("Store gRPC API: %s", tls.describe());
      return;
    }
    ClientCertificateCheck check = ClientCertificateCheck.trusting(tls.caFile().orElseThrow());
    builder.nettyBuilder().sslContext(serverContext());
    builder.addTransportFilter(new CallerCertificateFilter(check, meters));
    builder.intercept(new RefuseUnverifiedCalls());
    // Quarkus then logs "[TLS enabled: false]" for this server: that is about its own ssl.* settings, unused here.
    LOG.infof("Store gRPC API: %s; callers must present a certificate signed by that CA (set up here, not by"
        + " quarkus.grpc.server.ssl.*)", tls.describe());
  }

  private SslContext serverContext() {
    try {
      SslContextBuilder builder = SslContextBuilder.forServer(tls.certFile().orElseThrow().toFile(), tls.keyFile().orElseThrow().toFile())
          // The handshake only collects the caller's chain; CallerCertificateFilter judges it (see above).
          .trustManager(InsecureTrustManagerFactory.INSTANCE)
          .clientAuth(ClientAuth.OPTIONAL);
      return GrpcSslContexts.configure(builder).build();
    } catch (SSLException | IllegalArgumentException e) {
      // A PEM file that is not a certificate or key, or a key that does not match the certificate.
      throw new IllegalStateException("Store gRPC API: cannot use " + InternalTls.CERT_ENV + "=" + tls.certFile().orElseThrow()
          + " with " + InternalTls.KEY_ENV + "=" + tls.keyFile().orElseThrow() + ": " + e.getMessage(), e);
    }
  }
}
