package dev.atrium.store.backend;

import static dev.atrium.store.backend.StoreBackendContract.after;
import static dev.atrium.store.backend.StoreBackendContract.mesh;
import static dev.atrium.store.backend.StoreBackendContract.put;
import static dev.atrium.store.backend.StoreBackendContract.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.store.watch.RecordingListener;
import dev.atrium.store.watch.WatchHub;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watch guarantees, checked on top of each real backend (mixed into {@link StoreBackendContract}). */
interface WatchHubContract {

  StoreBackend open();

  StoreBackend open(EventRetention retention);

  /**
   * Whether every event gets exactly the next revision and {@link StoreBackend#revision()} is the last
   * event's. Otherwise (Kubernetes: etcd revisions, which other objects advance too) revisions only
   * strictly increase, and the tests check the revisions the writes were given.
   */
  default boolean gapFreeRevisions() {
    return true;
  }

  /** Whether the event log outlives the backend instance (the Kubernetes backend keeps it in memory). */
  default boolean eventLogSurvivesRestart() {
    return true;
  }

  /**
   * Whether names are Kubernetes object names: lowercase, and unique per kind and namespace across
   * meshes, so two meshes cannot both hold a MeshHTTPRoute "r1" in one namespace.
   */
  default boolean kubernetesObjectNames() {
    return false;
  }

  @Test
  default void subscribingFromZeroListsTheStateThenSyncsThenStreams() {
    StoreBackend store = open();
    put(store, mesh("default"), "m");
    put(store, route("default", "r1"), "v");
    long listed = put(store, route("other", "o1"), "v").version();
    try (WatchHub hub = new WatchHub(store)) {
      RecordingListener everything = new RecordingListener();
      RecordingListener defaultRoutes = new RecordingListener();
      hub.subscribe(0, Set.of(), null, everything);
      hub.subscribe(0, Set.of("MeshHTTPRoute"), "default", defaultRoutes);
      everything.awaitEvents(3);
      defaultRoutes.awaitEvents(1);

      long r2 = put(store, route("default", "r2"), "v").version();
      long o2 = put(store, route("other", "o2"), "v").version();
      everything.awaitEvents(5);
      defaultRoutes.awaitEvents(2);

      assertThat(everything.trace()).containsExactly(
          "PUT Mesh/default @" + listed, "PUT MeshHTTPRoute/default/r1 @" + listed,
          "PUT MeshHTTPRoute/other/o1 @" + listed, "SYNCED @" + listed,
          "PUT MeshHTTPRoute/default/r2 @" + r2, "PUT MeshHTTPRoute/other/o2 @" + o2);
      assertThat(defaultRoutes.trace()).containsExactly(
          "PUT MeshHTTPRoute/default/r1 @" + listed, "SYNCED @" + listed, "PUT MeshHTTPRoute/default/r2 @" + r2);
      if (gapFreeRevisions()) assertThat(List.of(listed, r2, o2)).containsExactly(3L, 4L, 5L);
    }
  }

  @Test
  default void resumingDeliversEveryLaterEventExactlyOnceWhileWritesContinue() throws Exception {
    StoreBackend store = open();
    // Revisions in write order; i % 21 fixes i % 3, so each name lives in one mesh.
    List<Long> written = Collections.synchronizedList(new ArrayList<>());
    for (int i = 1; i <= 50; i++) written.add(put(store, route("m" + i % 3, "r" + i % 21), "before-" + i).version());
    // A small batch size makes both the backlog and the pump page through the log.
    try (WatchHub hub = new WatchHub(store, new WatchHub.Options(7, 10_000))) {
      CountDownLatch halfway = new CountDownLatch(1);
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        for (int i = 51; i <= 200; i++) {
          written.add(put(store, route("m" + i % 3, "r" + i % 21), "during-" + i).version());
          if (i == 100) halfway.countDown();
        }
      });
      long twentieth = written.get(19);
      RecordingListener fromTwenty = new RecordingListener();
      hub.subscribe(twentieth, Set.of(), null, fromTwenty);
      assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
      long ninetieth = written.get(89);
      RecordingListener fromNinety = new RecordingListener();
      hub.subscribe(ninetieth, Set.of(), null, fromNinety);
      writer.get(60, TimeUnit.SECONDS);

      assertRevisions(fromTwenty.awaitEvents(180), after(written, twentieth));
      assertRevisions(fromNinety.awaitEvents(110), after(written, ninetieth));
      written.add(put(store, route("m0", "after"), "v").version());
      assertRevisions(fromTwenty.awaitEvents(181), after(written, twentieth));
      if (gapFreeRevisions()) assertThat(written).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 201).boxed().toList());
      assertThat(fromTwenty.events()).as("events carry what the log says").isEqualTo(store.eventsAfter(twentieth, 1_000));
      assertThat(fromTwenty.error()).isNull();
    }
  }

  @Test
  default void subscriptionsStartedWhileWritesContinueSeeEachLaterEventOnce() throws Exception {
    StoreBackend store = open();
    List<Long> written = Collections.synchronizedList(new ArrayList<>());
    try (WatchHub hub = new WatchHub(store)) {
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        for (int i = 1; i <= 300; i++) written.add(put(store, route("m" + i % 2, "r" + i % 20), "v" + i).version());
      });
      // Subscribing right after a commit, the pump has often not dispatched it yet: the start point
      // (a snapshot or a client's revision) is then ahead of the live queue, which must be trimmed.
      Map<RecordingListener, Long> resumed = new LinkedHashMap<>();
      List<RecordingListener> listed = new ArrayList<>();
      while (!writer.isDone()) {
        RecordingListener fromNow = new RecordingListener();
        // A write seen in the list before the revision is read: the revision is then at least its own, never
        // 0 (which asks for a listing, not a resume, and made this test flaky when read before the first write).
        boolean anyWritten = !written.isEmpty();
        long from = store.revision();
        if (anyWritten) {
          hub.subscribe(from, Set.of(), null, fromNow);
          resumed.put(fromNow, from);
        }
        RecordingListener fromZero = new RecordingListener();
        hub.subscribe(0, Set.of(), null, fromZero);
        listed.add(fromZero);
        Thread.sleep(3);
      }
      writer.get();
      assertThat(store.revision()).isEqualTo(written.get(written.size() - 1));

      resumed.forEach((listener, from) -> {
        List<Long> expected = after(written, from);
        assertRevisions(listener.awaitEvents(expected.size()), expected);
      });
      StoreSnapshot finalState = store.snapshot(Set.of());
      for (RecordingListener listener : listed) {
        long synced = listener.awaitSynced();
        int listedCount = (int) listener.trace().stream().takeWhile(t -> !t.startsWith("SYNCED")).count();
        List<Long> expected = after(written, synced);
        List<StoreEvent> all = listener.awaitEvents(listedCount + expected.size());
        assertRevisions(all.subList(listedCount, all.size()), expected);
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
    List<Long> written = new ArrayList<>();
    for (int i = 1; i <= 20; i++) written.add(put(store, route("default", "r" + i), "v").version());
    try (WatchHub hub = new WatchHub(store)) {
      RecordingListener tooOld = new RecordingListener();
      hub.subscribe(written.get(2), Set.of(), null, tooOld);
      Throwable error = tooOld.awaitError();
      assertThat(error).isInstanceOf(RevisionCompactedException.class);
      long oldest = ((RevisionCompactedException) error).oldestAvailable();
      if (gapFreeRevisions()) assertThat(oldest).isEqualTo(15);
      assertThat(tooOld.events()).isEmpty();

      written.add(put(store, route("default", "late"), "v").version());
      RecordingListener recent = new RecordingListener();
      hub.subscribe(oldest, Set.of(), null, recent);
      List<Long> expected = after(written, oldest);
      assertThat(expected).hasSizeGreaterThanOrEqualTo(6);
      assertRevisions(recent.awaitEvents(expected.size()), expected);
      assertThat(tooOld.events()).as("an ended subscription gets nothing more").isEmpty();
    }
  }

  private static void assertRevisions(List<StoreEvent> events, List<Long> expected) {
    assertThat(events).extracting(StoreEvent::revision).containsExactlyElementsOf(expected);
  }
}
