package dev.atrium.store.grpc.tls;

import dev.atrium.internaltls.ClientCertificateCheck;
import dev.atrium.internaltls.InternalTls;
import dev.atrium.security.tls.CertificateFiles;
import dev.atrium.security.tls.IssuedCertificate;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.grpc.VertxServerBuilder;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
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

  /**
   * A JDK {@link SSLContext} with the key and chain in memory, handed to Netty as it is. Given the PEM files,
   * Netty parses them with BouncyCastle and wraps the key in a PKCS#12 key store (PBKDF2, 10 000 rounds,
   * interpreted on a cold JVM): 40% of the store's start-up CPU on a 2-core box (docs/adr/0022).
   */
  private SslContext serverContext() {
    try {
      IssuedCertificate own = new CertificateFiles(tls.certFile().orElseThrow(), tls.keyFile().orElseThrow()).read();
      SSLContext jdk = SSLContext.getInstance("TLS");
      // The handshake only collects the caller's chain; CallerCertificateFilter judges it (see above).
      jdk.init(new KeyManager[] {new OwnKeyManager(own)}, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
      // gRPC needs HTTP/2 by ALPN, with HTTP/2's cipher suites (what GrpcSslContexts.configure sets on a builder).
      ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2);
      return new JdkSslContext(jdk, false, Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE, alpn,
          ClientAuth.OPTIONAL, null, false);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A PEM file that is not a certificate or key, or a key that does not match the certificate.
      throw new IllegalStateException("Store gRPC API: cannot use " + InternalTls.CERT_ENV + "=" + tls.certFile().orElseThrow()
          + " with " + InternalTls.KEY_ENV + "=" + tls.keyFile().orElseThrow() + ": " + e.getMessage(), e);
    }
  }

}
