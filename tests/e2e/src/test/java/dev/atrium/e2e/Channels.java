package dev.atrium.e2e;

import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.tls.StoreChannels;
import io.grpc.ManagedChannel;

/** gRPC channels to a store process, as another Atrium service would open them: mutual TLS with the internal CA. */
final class Channels {
  private Channels() {}

  static ManagedChannel to(StoreProcess store) {
    return StoreChannels.to(store.grpcPort());
  }
}
