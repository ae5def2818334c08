package dev.atrium.store.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.jdbc.EmbeddedBackend;
import dev.atrium.store.backend.jdbc.SyncMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hub behaviour that does not depend on the database (filters, slow and failing subscribers,
 * shutdown), on the embedded store. Ordering and resumption per backend are in WatchHubContract.
 */
class WatchHubTest {
  @TempDir Path dataDir;
  private StoreBackend store;

  @BeforeEach
  void openStore() {
    store = EmbeddedBackend.open(dataDir, SyncMode.NORMAL);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private long put(String kind, String mesh, String name) {
    return store.put(new ResourceKey(kind, mesh, name), Map.of(), "{}", StoreBackend.ANY_VERSION).resource().version();
  }

  @Test
  void aSlowSubscriberIsEndedWithoutHoldingUpTheOthersAndCanResume() {
    CountDownLatch stuck = new CountDownLatch(1);
    try (WatchHub hub = new WatchHub(store, new WatchHub.Options(10, 300))) {
      RecordingListener slow = new RecordingListener();
      RecordingListener fast = new RecordingListener();
      hub.subscribe(0, Set.of(), null, slow);
      hub.subscribe(0, Set.of(), null, fast);
      slow.awaitSynced();
      fast.awaitSynced();
      slow.blockedUntil(stuck);
      for (int i = 0; i < 400; i++) put("MeshHTTPRoute", "default", "r" + i);

      // The slow one sits in onEvent(1) while 300 more events queue up: the next one ends it.
      assertThat(fast.awaitEvents(400)).extracting(StoreEvent::revision).containsExactlyElementsOf(range(1, 400));
      stuck.countDown();
      assertThat(slow.awaitError()).isInstanceOf(WatchFellBehindException.class)
          .hasMessageContaining("resume the watch from the revision of the last event received");
      assertThat(slow.events()).extracting(StoreEvent::revision).containsExactly(1L);

      RecordingListener resumed = new RecordingListener();
      hub.subscribe(1, Set.of(), null, resumed);
      assertThat(resumed.awaitEvents(399)).extracting(StoreEvent::revision).containsExactlyElementsOf(range(2, 400));
      assertThat(fast.error()).isNull();
    } finally {
      stuck.countDown();
    }
  }

  @Test
  void aMeshFilterIncludesTheMeshResourceItselfAndAKindFilterNarrowsIt() {
    put("Mesh", "", "default");
    put("Mesh", "", "other");
    put("MeshHTTPRoute", "default", "r");
    try (WatchHub hub = new WatchHub(store)) {
      RecordingListener inDefault = new RecordingListener();
      RecordingListener timeoutsInDefault = new RecordingListener();
      hub.subscribe(0, Set.of(), "default", inDefault);
      hub.subscribe(0, Set.of("MeshTimeout"), "default", timeoutsInDefault);
      inDefault.awaitSynced(); // subscriptions start asynchronously: let the initial lists finish first
      timeoutsInDefault.awaitSynced();
      put("MeshHTTPRoute", "other", "r");
      put("MeshTimeout", "default", "t");
      store.delete(new ResourceKey("Mesh", "", "default"), StoreBackend.ANY_VERSION);

      inDefault.awaitEvents(6);
      assertThat(inDefault.trace()).containsExactly(
          "PUT Mesh/default @3", "PUT MeshHTTPRoute/default/r @3", "SYNCED @3",
          "PUT MeshTimeout/default/t @5",
          "DELETE MeshHTTPRoute/default/r @6", "DELETE MeshTimeout/default/t @7", "DELETE Mesh/default @8");
      timeoutsInDefault.awaitEvents(2);
      assertThat(timeoutsInDefault.trace()).containsExactly(
          "SYNCED @3", "PUT MeshTimeout/default/t @5", "DELETE MeshTimeout/default/t @7");
    }
  }

  @Test
  void aClosedSubscriptionReceivesNothingMore() {
    try (WatchHub hub = new WatchHub(store)) {
      RecordingListener closed = new RecordingListener();
      RecordingListener open = new RecordingListener();
      WatchHub.Subscription subscription = hub.subscribe(0, Set.of(), null, closed);
      hub.subscribe(0, Set.of(), null, open);
      closed.awaitSynced();
      open.awaitSynced();
      put("Mesh", "", "a");
      closed.awaitEvents(1);
      subscription.close();
      put("Mesh", "", "b");
      open.awaitEvents(2);
      assertThat(closed.trace()).containsExactly("SYNCED @0", "PUT Mesh/a @1");
    }
  }

  @Test
  void aListenerThatThrowsEndsOnlyItsOwnSubscription() {
    RecordingListener errors = new RecordingListener();
    WatchHub.Listener throwing = new WatchHub.Listener() {
      @Override public void onEvent(StoreEvent event) { throw new IllegalStateException("cannot handle " + event.key()); }
      @Override public void onSynced(long revision) {}
      @Override public void onError(Throwable error) { errors.onError(error); }
    };
    try (WatchHub hub = new WatchHub(store)) {
      RecordingListener healthy = new RecordingListener();
      hub.subscribe(0, Set.of(), null, throwing);
      hub.subscribe(0, Set.of(), null, healthy);
      put("Mesh", "", "a");
      put("Mesh", "", "b");
      assertThat(errors.awaitError()).hasMessage("cannot handle Mesh/a");
      assertThat(healthy.awaitEvents(2)).hasSize(2);
    }
  }

  @Test
  void closingTheHubEndsEverySubscriptionWithAnError() {
    RecordingListener listener = new RecordingListener();
    WatchHub hub = new WatchHub(store);
    hub.subscribe(0, Set.of(), null, listener);
    listener.awaitSynced();
    hub.close();
    assertThat(listener.awaitError()).hasMessageContaining("shutting down");
  }

  @Test
  void revisionsBehindIsWhatTheSlowestSubscriberHasNotReceived() {
    CountDownLatch stuck = new CountDownLatch(1);
    try (WatchHub hub = new WatchHub(store)) {
      RecordingListener slow = new RecordingListener();
      RecordingListener fast = new RecordingListener();
      hub.subscribe(0, Set.of(), null, slow);
      hub.subscribe(0, Set.of(), null, fast);
      slow.awaitSynced();
      fast.awaitSynced();
      assertThat(hub.revisionsBehind()).isZero();

      slow.blockedUntil(stuck);
      for (int i = 0; i < 3; i++) put("MeshHTTPRoute", "default", "r" + i);
      fast.awaitEvents(3);
      // The slow one is inside onEvent of the first of the three: none of them is received yet.
      awaitTrue(() -> hub.revisionsBehind() == 3);

      stuck.countDown();
      slow.awaitEvents(3);
      awaitTrue(() -> hub.revisionsBehind() == 0);
    } finally {
      stuck.countDown();
    }
  }

  @Test
  void aLiveEventCarriesWhenItsCommitWasSignalledAndTheInitialListDoesNot() {
    put("Mesh", "", "default");
    List<Long> signalled = new CopyOnWriteArrayList<>();
    RecordingListener recording = new RecordingListener();
    WatchHub.Listener live = new WatchHub.Listener() {
      @Override
      public void onEvent(StoreEvent event) {
        recording.onEvent(event);
      }

      @Override
      public void onLiveEvent(StoreEvent event, long signalledAtNanos) {
        signalled.add(signalledAtNanos);
        recording.onEvent(event);
      }

      @Override
      public void onSynced(long revision) {
        recording.onSynced(revision);
      }

      @Override
      public void onError(Throwable error) {
        recording.onError(error);
      }
    };
    try (WatchHub hub = new WatchHub(store)) {
      hub.subscribe(0, Set.of(), null, live);
      recording.awaitSynced();
      assertThat(signalled).isEmpty(); // the initial list is not a change that just happened

      long beforeWrite = System.nanoTime();
      put("Mesh", "", "other");
      recording.awaitEvents(2);
      long afterDelivery = System.nanoTime();
      assertThat(signalled).singleElement().satisfies(t -> assertThat(t).isBetween(beforeWrite, afterDelivery));
    }
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s");
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static List<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }
}
