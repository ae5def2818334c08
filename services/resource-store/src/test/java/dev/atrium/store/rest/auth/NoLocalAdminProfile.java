package dev.atrium.store.rest.auth;

import dev.atrium.testing.process.Ports;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * The store with {@code atrium.api.localhost-is-admin=false}: the test's loopback calls count as what a
 * remote caller would be (anonymous, or the user its bearer token names).
 */
public class NoLocalAdminProfile implements QuarkusTestProfile {
  static final Path DATA_DIR = Path.of("target", "api-auth-test-" + System.nanoTime()).toAbsolutePath();

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "atrium.store.embedded.data-dir", DATA_DIR.toString(),
        "atrium.api.localhost-is-admin", "false",
        "quarkus.grpc.server.test-port", String.valueOf(Ports.free()));
  }
}
