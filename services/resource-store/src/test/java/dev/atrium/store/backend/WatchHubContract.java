package dev.atrium.store.backend;

import static dev.atrium.store.backend.StoreBackendContract.mesh;
import static dev.atrium.store.backend.StoreBackendContract.put;
import static dev.atrium.store.backend.StoreBackendContract.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.store.watch.RecordingListener;
import dev.atrium.store.watch.WatchHub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The watch guarantees, checked on top of each real backend (mixed into {@link StoreBackendContract}). */
interface WatchHubContract {

  StoreBackend open();

  StoreBackend open(EventRetention retention);

  @Test
  default void subscribingFromZeroListsTheStateThenSyncsThenStreams() {
    StoreBackend store = open();
    put(store, mesh("default"), "m");
    put(store, route("default", "r1"), "v");
    put(store, route("other", "r1"), "v");
    try (WatchHub hub = new WatchHub(store)) {
      RecordingListener everything = new RecordingListener();
      RecordingListener defaultRoutes = new RecordingListener();
      hub.subscribe(0, Set.of(), null, everything);
      hub.subscribe(0, Set.of("MeshHTTPRoute"), "default", defaultRoutes);
      everything.awaitEvents(3);
      defaultRoutes.awaitEvents(1);

      put(store, route("default", "r2"), "v");
      put(store, route("other", "r2"), "v");
      everything.awaitEvents(5);
      defaultRoutes.awaitEvents(2);

      assertThat(everything.trace()).containsExactly(
          "PUT Mesh/default @3", "PUT MeshHTTPRoute/default/r1 @3", "PUT MeshHTTPRoute/other/r1 @3", "SYNCED @3",
          "PUT MeshHTTPRoute/default/r2 @4", "PUT MeshHTTPRoute/other/r2 @5");
      assertThat(defaultRoutes.trace()).containsExactly(
          "PUT MeshHTTPRoute/default/r1 @3", "SYNCED @3", "PUT MeshHTTPRoute/default/r2 @4");
    }
  }

  @Test
  default void resumingDeliversEveryLaterEventExactlyOnceWhileWritesContinue() throws Exception {
    StoreBackend store = open();
    for (int i = 1; i <= 50; i++) put(store, route("m" + i % 3, "r" + i % 7), "before-" + i);
    // A small batch size makes both the backlog and the pump page through the log.
    try (WatchHub hub = new WatchHub(store, new WatchHub.Options(7, 10_000))) {
      CountDownLatch halfway = new CountDownLatch(1);
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        for (int i = 51; i <= 200; i++) {
          put(store, route("m" + i % 3, "r" + i % 7), "during-" + i);
          if (i == 100) halfway.countDown();
        }
      });
      RecordingListener fromTwenty = new RecordingListener();
      hub.subscribe(20, Set.of(), null, fromTwenty);
      assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
      RecordingListener fromNinety = new RecordingListener();
      hub.subscribe(90, Set.of(), null, fromNinety);
      writer.get(60, TimeUnit.SECONDS);

      assertRevisions(fromTwenty.awaitEvents(180), 21, 200);
      assertRevisions(fromNinety.awaitEvents(110), 91, 200);
      put(store, route("m0", "after"), "v");
      assertRevisions(fromTwenty.awaitEvents(181), 21, 201);
      assertThat(fromTwenty.events()).as("events carry what the log says").isEqualTo(store.eventsAfter(20, 1_000));
      assertThat(fromTwenty.error()).isNull();
    }
  }

  @Test
  default void subscriptionsStartedWhileWritesContinueSeeEachLaterEventOnce() throws Exception {
    StoreBackend store = open();
    try (WatchHub hub = new WatchHub(store)) {
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        for (int i = 1; i <= 300; i++) put(store, route("m" + i % 2, "r" + i % 20), "v" + i);
      });
      // Subscribing right after a commit, the pump has often not dispatched it yet: the start point
      // (a snapshot or a client's revision) is then ahead of the live queue, which must be trimmed.
      Map<RecordingListener, Long> resumed = new LinkedHashMap<>();
      List<RecordingListener> listed = new ArrayList<>();
      while (!writer.isDone()) {
        RecordingListener fromNow = new RecordingListener();
        long from = store.revision();
        if (from > 0) {
          hub.subscribe(from, Set.of(), null, fromNow);
          resumed.put(fromNow, from);
        }
        RecordingListener fromZero = new RecordingListener();
        hub.subscribe(0, Set.of(), null, fromZero);
        listed.add(fromZero);
        Thread.sleep(3);
      }
      writer.get();
      long last = store.revision();

      resumed.forEach((listener, from) -> assertRevisions(listener.awaitEvents((int) (last - from)), from + 1, last));
      StoreSnapshot finalState = store.snapshot(Set.of());
      for (RecordingListener listener : listed) {
        long synced = listener.awaitSynced();
        int listedCount = (int) listener.trace().stream().takeWhile(t -> !t.startsWith("SYNCED")).count();
        List<StoreEvent> all = listener.awaitEvents(listedCount + (int) (last - synced));
        assertRevisions(all.subList(listedCount, all.size()), synced + 1, last);
        Map<ResourceKey, StoredResource> replayed = new HashMap<>();
        all.forEach(e -> replayed.put(e.key(), e.resource()));
        assertThat(replayed.values()).containsExactlyInAnyOrderElementsOf(finalState.resources());
      }
      assertThat(listed).as("subscriptions made while writing").isNotEmpty();
    }
  }

  @Test
  default void resumingFromACompactedRevisionEndsTheSubscriptionWithAnError() {
    StoreBackend store = open(new EventRetention(5, 5));
    for (int i = 1; i <= 20; i++) put(store, route("default", "r" + i), "v");
    try (WatchHub hub = new WatchHub(store)) {
      RecordingListener tooOld = new RecordingListener();
      hub.subscribe(3, Set.of(), null, tooOld);
      assertThat(tooOld.awaitError()).isInstanceOfSatisfying(RevisionCompactedException.class,
          e -> assertThat(e.oldestAvailable()).isEqualTo(15));
      assertThat(tooOld.events()).isEmpty();

      put(store, route("default", "late"), "v");
      RecordingListener recent = new RecordingListener();
      hub.subscribe(15, Set.of(), null, recent);
      assertRevisions(recent.awaitEvents(6), 16, 21);
      assertThat(tooOld.events()).as("an ended subscription gets nothing more").isEmpty();
    }
  }

  private static void assertRevisions(List<StoreEvent> events, long first, long last) {
    assertThat(events).extracting(StoreEvent::revision)
        .containsExactlyElementsOf(LongStream.rangeClosed(first, last).boxed().toList());
  }
}
