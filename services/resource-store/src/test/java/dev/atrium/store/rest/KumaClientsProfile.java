package dev.atrium.store.rest;

import dev.atrium.testing.process.Ports;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * The store as it runs by default (embedded SQLite, zone "default"), with its own data under
 * {@code target/} and the Store gRPC API on a free port the test's {@code store} client also uses.
 */
public class KumaClientsProfile implements QuarkusTestProfile {
  static final int GRPC_PORT = Ports.free();
  static final Path DATA_DIR = Path.of("target", "kuma-clients-test-" + System.nanoTime()).toAbsolutePath();

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "atrium.store.embedded.data-dir", DATA_DIR.toString(),
        "quarkus.grpc.server.test-port", String.valueOf(GRPC_PORT),
        "quarkus.grpc.clients.store.host", "127.0.0.1",
        "quarkus.grpc.clients.store.port", String.valueOf(GRPC_PORT),
        "quarkus.grpc.clients.store.plain-text", "true");
  }
}
