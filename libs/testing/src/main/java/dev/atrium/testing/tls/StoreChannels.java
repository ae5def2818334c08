package dev.atrium.testing.tls;

import dev.atrium.security.tls.CertificateFiles;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import javax.net.ssl.SSLException;

/**
 * Channels to a packaged resource-store's Store gRPC API for tests and benchmarks that call it directly,
 * as a service does: mutual TLS with a certificate of {@link InternalCertificates#shared()}, the store's
 * own certificate verified against the same CA. Needs grpc-netty on the caller's class path (an optional
 * dependency of libs/testing).
 */
public final class StoreChannels {
  private StoreChannels() {}

  /** As the test client {@code "e2e-test"} of the shared internal CA. */
  public static ManagedChannel to(int grpcPort) {
    return builder("127.0.0.1", grpcPort, InternalCertificates.shared(), "e2e-test").build();
  }

  /**
   * A builder presenting {@code client}'s certificate from {@code certs} (null: no certificate at all) and
   * trusting the shared internal CA for the store's.
   */
  public static NettyChannelBuilder builder(String host, int port, InternalCertificates certs, String client) {
    try {
      var tls = GrpcSslContexts.forClient().trustManager(InternalCertificates.shared().caFile().toFile());
      if (certs != null) {
        CertificateFiles files = certs.service(client);
        tls.keyManager(files.certificate().toFile(), files.key().toFile());
      }
      return NettyChannelBuilder.forAddress(host, port).sslContext(tls.build());
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the test's TLS context: " + e.getMessage(), e);
    }
  }
}
