package dev.atrium.follow;

import static dev.atrium.follow.RecordingListener.eventually;
import static dev.atrium.follow.ScriptedStore.deleteEvent;
import static dev.atrium.follow.ScriptedStore.putDataplane;
import static dev.atrium.follow.ScriptedStore.putEvent;
import static dev.atrium.follow.ScriptedStore.putMesh;
import static dev.atrium.follow.ScriptedStore.synced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.ResourceKind;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the follower does when the stream is not the happy one, with streams a real store will not
 * produce on request (StoreFollowerTest has the real store): which revision it resumes from, a
 * compacted history re-listed and swapped in, a listing broken half-way, what it cannot read, a
 * listener that throws.
 */
class StoreFollowerRecoveryTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final List<ResourceKind> KINDS = List.of(ResourceKind.MESH, ResourceKind.DATAPLANE);

  private final ScriptedStore store = new ScriptedStore();
  private final RecordingListener listener = new RecordingListener();
  private StoreFollower follower;

  @AfterEach
  void stop() {
    if (follower != null) follower.stop();
  }

  @Test
  void aBrokenOrEndedStreamResumesFromTheLastAppliedRevision() throws Exception {
    store.thenEnd(putMesh(1, "default"), synced(1), putDataplane(2, "default", "web-1"))
        .thenFail(Status.Code.UNAVAILABLE, putDataplane(3, "default", "web-2"))
        .thenOpen(deleteEvent(4, "Dataplane", "default", "web-1"));

    start(KINDS);
    assertThat(follower.awaitRevision(4, WAIT)).isTrue();
    assertThat(store.fromRevisions()).containsExactly(0L, 2L, 3L);
    assertThat(store.requests.get(0).getKindsList()).containsExactly("Mesh", "Dataplane");
    assertThat(listener.described(c -> true)).containsExactly(
        "Dataplane default/web-1 created", "Dataplane default/web-2 created", "Dataplane default/web-1 deleted");
    assertThat(listener.loads).hasSize(1);
  }

  @Test
  void aCompactedHistoryIsListedAgainAndSwappedIn() throws Exception {
    store.thenFail(Status.Code.UNAVAILABLE, putMesh(1, "a"), putMesh(2, "b"), putDataplane(3, "a", "web-1"), synced(3),
            putDataplane(4, "b", "web-2"))
        .thenFail(Status.Code.OUT_OF_RANGE)
        .thenOpen(putMesh(7, "a"), putMesh(8, "c"), putDataplane(9, "a", "web-3"), synced(10));

    start(KINDS);
    assertThat(follower.awaitRevision(10, WAIT)).isTrue();
    assertThat(store.fromRevisions()).as("resumed from 4, then listed from scratch").containsExactly(0L, 4L, 0L);
    ResourceIndex index = follower.index();
    assertThat(index.meshNames()).containsExactly("a", "c");
    assertThat(index.get(ResourceKind.DATAPLANE, "a", "web-1")).as("gone from the new listing").isEmpty();
    assertThat(index.get(ResourceKind.DATAPLANE, "a", "web-3")).isPresent();
    assertThat(listener.loads).hasSize(2);
    assertThat(listener.loads.get(1)).extracting(RecordingListener::describe)
        .as("every mesh before or after, once").containsExactly("Mesh a/a updated", "Mesh b/b deleted", "Mesh c/c created");
    assertThat(listener.described(c -> true)).as("a listing is not told as changes").containsExactly("Dataplane b/web-2 created");
  }

  @Test
  void aListingBrokenHalfWayStartsOver() throws Exception {
    store.thenFail(Status.Code.UNAVAILABLE, putMesh(1, "a"), putDataplane(2, "a", "web-1"))
        .thenOpen(putMesh(1, "a"), synced(3)); // web-1 was deleted in between

    start(KINDS);
    assertThat(follower.awaitRevision(3, WAIT)).isTrue();
    assertThat(store.fromRevisions()).containsExactly(0L, 0L);
    assertThat(follower.index().get(ResourceKind.DATAPLANE, "a", "web-1")).as("nothing kept from the broken listing").isEmpty();
    assertThat(follower.index().meshNames()).containsExactly("a");
    assertThat(listener.loads).hasSize(1);
  }

  @Test
  void nothingIsServedBeforeTheListingIsComplete() throws Exception {
    store.thenFail(Status.Code.UNAVAILABLE, putMesh(1, "a"), putDataplane(2, "a", "web-1"));
    start(KINDS);
    eventually(WAIT, () -> store.requests.size() >= 2);
    assertThat(follower.synced()).isFalse();
    assertThat(follower.revision()).as("no revision the index does not hold").isZero();
    assertThat(follower.index().meshNames()).isEmpty();
  }

  @Test
  void whatThisBuildCannotReadIsSkippedAndTheStreamGoesOn() throws Exception {
    store.thenOpen(putMesh(1, "a"), putEvent(2, "MeshTrafficPermission", "a", "allow-all", "{}"), synced(2),
        putEvent(3, "MeshTimeout", "a", "newer-kind", "{}"),
        putEvent(4, "Dataplane", "a", "newer-field", "{\"networking\":{\"address\":\"10.0.0.1\"},\"newField\":1}"),
        putEvent(5, "Secret", "a", "not-asked-for", "{\"data\":\"c2VjcmV0\"}"),
        putDataplane(6, "a", "web-1"));

    start(KINDS);
    assertThat(follower.awaitRevision(6, WAIT)).isTrue();
    assertThat(listener.described(c -> true)).containsExactly("Dataplane a/web-1 created");
    assertThat(follower.index().inMesh("a")).extracting(r -> r.name()).containsExactly("web-1");
  }

  @Test
  void aListenerThatThrowsStopsNeitherTheFollowerNorLaterChanges() throws Exception {
    store.thenOpen(putMesh(1, "a"), synced(1), putDataplane(2, "a", "web-1"), putDataplane(3, "a", "web-2"));
    RecordingListener after = new RecordingListener();
    follower = new StoreFollower(store, KINDS, new WatchRetry(Duration.ofMillis(1), Duration.ofMillis(10), null));
    follower.start(new StoreFollower.Listener() {
      @Override
      public void changed(List<Change> changes) {
        after.changed(changes);
        throw new IllegalStateException("a listener bug");
      }

      @Override
      public void loaded(List<Change> meshes) {
        throw new IllegalStateException("a listener bug");
      }
    });
    assertThat(follower.awaitRevision(3, WAIT)).isTrue();
    assertThat(after.described(c -> true)).containsExactly("Dataplane a/web-1 created", "Dataplane a/web-2 created");
    assertThat(store.requests).as("no reconnect: the stream was fine").hasSize(1);
  }

  private void start(List<ResourceKind> kinds) {
    follower = new StoreFollower(store, kinds, new WatchRetry(Duration.ofMillis(1), Duration.ofMillis(10), null));
    follower.start(listener);
  }
}
