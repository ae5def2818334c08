package dev.atrium.e2e;

import dev.atrium.testing.process.StoreProcess;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

/** gRPC channels to a store process, as another Atrium service would open them. */
final class Channels {
  private Channels() {}

  static ManagedChannel to(StoreProcess store) {
    return NettyChannelBuilder.forAddress("127.0.0.1", store.grpcPort()).usePlaintext().build();
  }
}
