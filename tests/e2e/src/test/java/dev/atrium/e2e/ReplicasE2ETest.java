package dev.atrium.e2e;

import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.StoreProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.testing.postgres.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two store replicas on one PostgreSQL: a write through either reaches a Watch held on the other. */
class ReplicasE2ETest {
  @TempDir Path dir;

  @Test
  void writeThroughOneReplicaReachesAWatchOnTheOther() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase("replicas");
      try (StoreProcess a = StoreProcess.postgres(pg, url, dir.resolve("a")).start();
          StoreProcess b = StoreProcess.postgres(pg, url, dir.resolve("b")).start();
          WatchClient watchOnB = new WatchClient(b, 0);
          WatchClient watchOnA = new WatchClient(a, 0)) {
        watchOnB.awaitSynced(Duration.ofSeconds(10));
        watchOnA.awaitSynced(Duration.ofSeconds(10));

        assertThat(Http.put(a.apiUrl() + "/meshes/default/meshgateways/via-a",
            DurabilityE2ETest.gateway("via-a", 8080), "application/json").status()).isEqualTo(201);
        WatchEvent onB = watchOnB.next(Duration.ofSeconds(5));
        assertThat(onB).as("event on replica B for a write through A").isNotNull();
        assertThat(onB.getType()).isEqualTo(WatchEvent.Type.PUT);
        assertThat(onB.getResource().getKey().getName()).isEqualTo("via-a");

        assertThat(Http.delete(b.apiUrl() + "/meshes/default/meshgateways/via-a").status()).isEqualTo(200);
        WatchEvent putOnA = watchOnA.next(Duration.ofSeconds(5));
        WatchEvent deleteOnA = watchOnA.next(Duration.ofSeconds(5));
        assertThat(putOnA.getType()).isEqualTo(WatchEvent.Type.PUT);
        assertThat(deleteOnA).as("delete through B seen on A").isNotNull();
        assertThat(deleteOnA.getType()).isEqualTo(WatchEvent.Type.DELETE);
        assertThat(deleteOnA.getRevision()).isEqualTo(putOnA.getRevision() + 1);

        // Both replicas serve the same state.
        assertThat(Http.get(a.apiUrl() + "/meshes/default/meshgateways/via-a").status()).isEqualTo(404);
        assertThat(Http.get(b.apiUrl() + "/meshes").json().get("total").asInt()).isEqualTo(1);
      }
    }
  }
}
