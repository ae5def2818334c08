package dev.atrium.e2e;

import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.StoreProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.api.store.v1.ListRequest;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.api.store.v1.WatchEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher that loses its stream mid-way resumes from the last revision it saw and receives every
 * later event exactly once, in order — while writes keep coming, and even when the store itself was
 * killed in between.
 */
class WatchResumeE2ETest {
  @TempDir Path dir;

  @Test
  void clientCutOffMidStreamResumesWithEveryEventExactlyOnce() throws Exception {
    try (StoreProcess store = StoreProcess.embedded(dir).start()) {
      List<WatchEvent> seen = new ArrayList<>();
      WatchClient first = new WatchClient(store, 0);
      long synced = first.awaitSynced(Duration.ofSeconds(10));

      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeChurn(store, 300));
      while (seen.size() < 100) seen.add(required(first.next(Duration.ofSeconds(10))));
      first.close(); // cut off mid-stream while the writer continues
      long last = seen.get(seen.size() - 1).getRevision();

      writer.get();
      long finalRevision = currentRevision(store);
      try (WatchClient resumed = new WatchClient(store, last)) {
        while (seen.get(seen.size() - 1).getRevision() < finalRevision) seen.add(required(resumed.next(Duration.ofSeconds(10))));
        assertThat(resumed.next(Duration.ofMillis(300))).as("no event beyond the final revision").isNull();
      }
      assertExactlyOnceInOrder(seen, synced, finalRevision);
    }
  }

  @Test
  void watcherResumesAfterTheStoreWasKilled() throws Exception {
    try (StoreProcess store = StoreProcess.embedded(dir).start()) {
      List<WatchEvent> seen = new ArrayList<>();
      WatchClient first = new WatchClient(store, 0);
      long synced = first.awaitSynced(Duration.ofSeconds(10));
      writeChurn(store, 50);
      while (seen.size() < 50 * 2) seen.add(required(first.next(Duration.ofSeconds(10))));
      long last = seen.get(seen.size() - 1).getRevision();

      store.killAndRestart(); // the stream dies with the process
      first.close();
      writeChurn(store, 40);
      long finalRevision = currentRevision(store);
      try (WatchClient resumed = new WatchClient(store, last)) {
        while (seen.get(seen.size() - 1).getRevision() < finalRevision) seen.add(required(resumed.next(Duration.ofSeconds(10))));
      }
      assertExactlyOnceInOrder(seen, synced, finalRevision);
    }
  }

  /** Creates, updates and deletes: {@code n} gateways, each PUT twice then deleted = 3n events. */
  static void writeChurn(StoreProcess store, int n) {
    String base = store.apiUrl() + "/meshes/default/meshgateways/";
    for (int i = 0; i < n; i++) {
      String name = "churn-" + System.nanoTime();
      assertThat(Http.put(base + name, DurabilityE2ETest.gateway(name, 8080), "application/json").status()).isEqualTo(201);
      assertThat(Http.put(base + name, DurabilityE2ETest.gateway(name, 8081), "application/json").status()).isEqualTo(200);
      if (i % 2 == 0) assertThat(Http.delete(base + name).status()).isEqualTo(200);
    }
  }

  static long currentRevision(StoreProcess store) {
    var channel = Channels.to(store);
    try {
      return StoreGrpc.newBlockingStub(channel).list(ListRequest.newBuilder().setKind("Mesh").build()).getRevision();
    } finally {
      channel.shutdownNow();
    }
  }

  private static WatchEvent required(WatchEvent e) {
    assertThat(e).as("an event within the timeout").isNotNull();
    return e;
  }

  private static void assertExactlyOnceInOrder(List<WatchEvent> seen, long synced, long finalRevision) {
    List<Long> revisions = seen.stream().map(WatchEvent::getRevision).toList();
    List<Long> expected = new ArrayList<>();
    for (long r = synced + 1; r <= finalRevision; r++) expected.add(r);
    assertThat(revisions).as("every revision after the initial list, once, in order").isEqualTo(expected);
    assertThat(seen).allSatisfy(e -> assertThat(e.getType()).isIn(WatchEvent.Type.PUT, WatchEvent.Type.DELETE));
  }
}
