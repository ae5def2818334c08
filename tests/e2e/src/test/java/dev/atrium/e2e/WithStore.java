package dev.atrium.e2e;

import dev.atrium.testing.process.StoreProcess;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One embedded store process (and a gRPC channel to it) shared by every test of a class. */
abstract class WithStore {
  @TempDir static Path storeDir;
  static StoreProcess store;
  static ManagedChannel channel;

  @BeforeAll
  static void startStore() {
    store = StoreProcess.embedded(storeDir).start();
    channel = Channels.to(store);
  }

  @AfterAll
  static void stopStore() {
    channel.shutdownNow();
    store.close();
  }
}
