package dev.atrium.store.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.jdbc.EmbeddedBackend;
import dev.atrium.store.backend.jdbc.SyncMode;
import dev.atrium.store.watch.WatchHub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atrium_store_resources{kind}} follows creates, deletes and a Mesh's cascade, and is right again
 * after the store restarts on the same data (a new process reads the state, not a counter it kept).
 */
class ResourceCountMetersTest {
  private static final String MESH = "{}";
  private static final String ROUTE = "{\"targetRef\":{\"kind\":\"Mesh\"},\"to\":[{\"targetRef\":{\"kind\":\"MeshService\","
      + "\"name\":\"web\"},\"rules\":[{\"default\":{\"backendRefs\":[{\"kind\":\"MeshService\",\"name\":\"web\"}]}}]}]}";

  @TempDir
  Path dataDir;

  @Test
  void countsFollowWritesAndSurviveARestart() {
    try (Running store = new Running(dataDir)) {
      store.backend.put(mesh("default"), Map.of(), MESH, StoreBackend.ANY_VERSION);
      store.backend.put(mesh("other"), Map.of(), MESH, StoreBackend.ANY_VERSION);
      for (String name : new String[] {"a", "b", "c"}) {
        store.backend.put(route("default", name), Map.of(), ROUTE, StoreBackend.ANY_VERSION);
      }
      store.backend.put(route("other", "d"), Map.of(), ROUTE, StoreBackend.ANY_VERSION);
      store.backend.put(route("default", "a"), Map.of(), ROUTE, StoreBackend.ANY_VERSION); // an update counts nothing
      store.backend.delete(route("default", "b"), StoreBackend.ANY_VERSION);
      store.backend.delete(mesh("other"), StoreBackend.ANY_VERSION); // and its route with it

      store.awaitCount("Mesh", 1);
      store.awaitCount("MeshTCPRoute", 2);
      assertThat(store.count("MeshHTTPRoute")).isZero();
    }
    try (Running restarted = new Running(dataDir)) {
      restarted.awaitCount("Mesh", 1);
      restarted.awaitCount("MeshTCPRoute", 2);
    }
  }

  private static ResourceKey mesh(String name) {
    return new ResourceKey("Mesh", "", name);
  }

  private static ResourceKey route(String mesh, String name) {
    return new ResourceKey("MeshTCPRoute", mesh, name);
  }

  /** The backend, hub and meters as the service assembles them. */
  private static final class Running implements AutoCloseable {
    final StoreBackend backend;
    final WatchHub hub;
    final ResourceCountMeters meters;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    Running(Path dataDir) {
      backend = EmbeddedBackend.open(dataDir, SyncMode.NORMAL);
      hub = new WatchHub(backend);
      meters = new ResourceCountMeters(registry, hub);
    }

    double count(String kind) {
      return registry.get("atrium.store.resources").tag("kind", kind).gauge().value();
    }

    /** The counts are kept from the change stream, which is delivered on the hub's threads. */
    void awaitCount(String kind, double expected) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (count(kind) != expected && System.nanoTime() < deadline) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      assertThat(count(kind)).as("resources of kind %s", kind).isEqualTo(expected);
    }

    @Override
    public void close() {
      meters.close();
      hub.close();
      backend.close();
    }
  }
}
