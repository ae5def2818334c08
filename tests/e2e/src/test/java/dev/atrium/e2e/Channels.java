package dev.atrium.e2e;

import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import dev.atrium.testing.tls.StoreChannels;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import javax.net.ssl.SSLException;

/**
 * gRPC channels to Atrium's processes, as another Atrium service (mutual TLS with the internal CA) or a
 * proxy (TLS, verifying the xds-server's certificate) would open them.
 */
public final class Channels {
  private Channels() {}

  static ManagedChannel to(StoreProcess store) {
    return StoreChannels.to(store.grpcPort());
  }

  /** The xds-server's ADS over TLS (h2 by ALPN), verifying its certificate with its CA file as Envoy does. */
  public static ManagedChannel to(XdsServerProcess xds) {
    try {
      return NettyChannelBuilder.forAddress("127.0.0.1", xds.port())
          .sslContext(GrpcSslContexts.forClient().trustManager(xds.caFile().toFile()).build()).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS to the xds-server: " + e.getMessage(), e);
    }
  }
}
