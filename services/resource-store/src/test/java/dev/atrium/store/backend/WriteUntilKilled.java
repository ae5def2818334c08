package dev.atrium.store.backend;

import dev.atrium.store.backend.jdbc.EmbeddedBackend;
import dev.atrium.store.backend.jdbc.SyncMode;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a child JVM by {@link SqliteBackendTest}: writes to the embedded store as fast as it can and
 * prints "acked NAME VERSION" after each put returns, until the test kills it with SIGKILL.
 */
public final class WriteUntilKilled {
  public static void main(String[] args) {
    StoreBackend store = EmbeddedBackend.open(Path.of(args[0]), SyncMode.valueOf(args[1]));
    for (int i = 0; ; i++) {
      ResourceKey key = new ResourceKey("MeshHTTPRoute", "default", "r" + i % 50);
      long version = store.put(key, Map.of(), "{\"i\":" + i + "}", StoreBackend.ANY_VERSION).resource().version();
      System.out.println("acked " + key.name() + " " + version);
      System.out.flush();
    }
  }
}
