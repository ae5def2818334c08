package dev.atrium.store.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.atrium.store.backend.jdbc.EventRetention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StoreBackend} must do, run against each real database by a subclass. The watch
 * hub's guarantees on top of the backend are in {@link WatchHubContract}.
 */
public abstract class StoreBackendContract implements WatchHubContract {
  private final List<StoreBackend> opened = new ArrayList<>();

  /** Opens a backend on this test's storage; called again, it opens the same storage (a restart). */
  protected abstract StoreBackend openStorage(EventRetention retention);

  @Override
  public StoreBackend open(EventRetention retention) {
    StoreBackend backend = openStorage(retention);
    opened.add(backend);
    return backend;
  }

  @Override
  public StoreBackend open() {
    return open(EventRetention.DEFAULT);
  }

  @AfterEach
  void closeBackends() {
    opened.forEach(StoreBackend::close);
  }

  static ResourceKey mesh(String name) {
    return new ResourceKey("Mesh", "", name);
  }

  static ResourceKey route(String mesh, String name) {
    return new ResourceKey("MeshHTTPRoute", mesh, name);
  }

  static String json(ResourceKey key, String spec) {
    return "{\"type\":\"" + key.kind() + "\",\"name\":\"" + key.name() + "\",\"spec\":\"" + spec + "\"}";
  }

  static StoredResource put(StoreBackend store, ResourceKey key, String spec) {
    return store.put(key, Map.of(), json(key, spec), StoreBackend.ANY_VERSION).resource();
  }

  @Test
  void createThenUpdateKeepsCreationTimeAndBumpsVersion() throws Exception {
    StoreBackend store = open();
    ResourceKey key = route("default", "r1");

    WriteResult created = store.put(key, Map.of("team", "edge"), json(key, "v1"), StoreBackend.MUST_NOT_EXIST);
    assertThat(created.created()).isTrue();
    assertThat(created.resource().version()).isEqualTo(1);
    assertThat(created.resource().creationTime()).isEqualTo(created.resource().modificationTime());
    assertThat(store.get(key)).contains(created.resource());

    Thread.sleep(5); // so that a modification time that was not updated would show
    WriteResult updated = store.put(key, Map.of("team", "core"), json(key, "v2"), created.resource().version());
    assertThat(updated.created()).isFalse();
    assertThat(updated.resource().version()).isEqualTo(2);
    assertThat(updated.resource().creationTime()).isEqualTo(created.resource().creationTime());
    assertThat(updated.resource().modificationTime()).isAfter(created.resource().modificationTime());
    assertThat(store.get(key)).contains(updated.resource());
    assertThat(store.get(key).orElseThrow().labels()).containsExactly(Map.entry("team", "core"));
    assertThat(store.revision()).isEqualTo(2);
  }

  @Test
  void listIsSortedByMeshThenNameAndFiltersByMesh() {
    StoreBackend store = open();
    put(store, route("zeta", "a"), "1");
    put(store, route("alpha", "b-2"), "1");
    put(store, route("alpha", "b1"), "1");
    put(store, route("alpha", "B"), "1");
    put(store, new ResourceKey("MeshTimeout", "alpha", "t"), "1");
    put(store, mesh("alpha"), "1");

    assertThat(store.list("MeshHTTPRoute", null)).extracting(StoredResource::key).containsExactly(
        route("alpha", "B"), route("alpha", "b-2"), route("alpha", "b1"), route("zeta", "a"));
    assertThat(store.list("MeshHTTPRoute", "zeta")).extracting(StoredResource::key).containsExactly(route("zeta", "a"));
    assertThat(store.list("MeshHTTPRoute", "nowhere")).isEmpty();
    assertThat(store.list("Mesh", null)).extracting(StoredResource::key).containsExactly(mesh("alpha"));
    assertThat(store.get(route("alpha", "missing"))).isEmpty();
  }

  @Test
  void expectedVersionsDetectConcurrentWriters() {
    StoreBackend store = open();
    ResourceKey key = route("default", "r1");
    long v1 = store.put(key, Map.of(), json(key, "v1"), StoreBackend.MUST_NOT_EXIST).resource().version();

    assertThatThrownBy(() -> store.put(key, Map.of(), json(key, "again"), StoreBackend.MUST_NOT_EXIST))
        .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.actual()).isEqualTo(v1));
    long v2 = store.put(key, Map.of(), json(key, "v2"), v1).resource().version();
    assertThatThrownBy(() -> store.put(key, Map.of(), json(key, "stale"), v1))
        .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.actual()).isEqualTo(v2));
    assertThatThrownBy(() -> store.put(route("default", "absent"), Map.of(), "{}", 7))
        .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.actual()).isZero());
    assertThatThrownBy(() -> store.delete(key, v1)).isInstanceOf(VersionConflictException.class);
    assertThat(store.get(key).orElseThrow().json()).isEqualTo(json(key, "v2"));
    assertThat(store.revision()).as("failed writes leave no trace").isEqualTo(v2);

    List<StoreEvent> deleted = store.delete(key, v2);
    assertThat(deleted).extracting(StoreEvent::type, StoreEvent::key).containsExactly(tuple(StoreEvent.Type.DELETE, key));
    assertThat(deleted.get(0).resource().version()).as("a DELETE carries the resource as it was").isEqualTo(v2);
    assertThat(store.get(key)).isEmpty();
    assertThat(store.delete(key, StoreBackend.ANY_VERSION)).isEmpty();
    assertThat(store.revision()).isEqualTo(deleted.get(0).revision());
  }

  @Test
  void deletingAMeshDeletesItsResourcesFirstThenTheMesh() {
    StoreBackend store = open();
    put(store, mesh("doomed"), "m");
    put(store, route("doomed", "r2"), "1");
    put(store, new ResourceKey("MeshTimeout", "doomed", "t1"), "1");
    put(store, route("doomed", "r1"), "1");
    StoredResource survivor = put(store, route("kept", "r1"), "1");
    long before = store.revision();

    List<StoreEvent> events = store.delete(mesh("doomed"), StoreBackend.ANY_VERSION);

    assertThat(events).extracting(StoreEvent::key).containsExactly(
        route("doomed", "r1"), route("doomed", "r2"), new ResourceKey("MeshTimeout", "doomed", "t1"), mesh("doomed"));
    assertThat(events).allMatch(e -> e.type() == StoreEvent.Type.DELETE);
    assertThat(events).extracting(StoreEvent::revision).containsExactly(before + 1, before + 2, before + 3, before + 4);
    assertThat(store.eventsAfter(before, 100)).isEqualTo(events);
    assertThat(store.list("MeshHTTPRoute", null)).containsExactly(survivor);
    assertThat(store.list("MeshTimeout", null)).isEmpty();
    assertThat(store.get(mesh("doomed"))).isEmpty();
  }

  @Test
  void concurrentWritersGetGapFreeRevisionsInCommitOrder() throws Exception {
    StoreBackend store = open();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    List<Long> versions = new CopyOnWriteArrayList<>();
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writer = w;
      done.add(writers.submit(() -> {
        for (int i = 0; i < 50; i++) {
          ResourceKey key = route("mesh-" + writer, "r" + (i % 10)); // updates as well as creates
          versions.add(store.put(key, Map.of(), json(key, "w" + writer + "-" + i), StoreBackend.ANY_VERSION).resource().version());
        }
      }));
    }
    for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    writers.shutdown();

    assertThat(versions).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    List<StoreEvent> events = store.eventsAfter(0, 1_000);
    assertThat(events).extracting(StoreEvent::revision).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    // Replaying the log gives the current state: the log is in commit order.
    Map<ResourceKey, StoredResource> replayed = new HashMap<>();
    events.forEach(e -> replayed.put(e.key(), e.resource()));
    assertThat(replayed.values()).containsExactlyInAnyOrderElementsOf(store.snapshot(Set.of()).resources());
    assertThat(store.revision()).isEqualTo(200);
  }

  @Test
  void eventsAfterPagesThroughTheLogInOrder() {
    StoreBackend store = open();
    for (int i = 1; i <= 25; i++) put(store, route("default", "r" + i), "v");

    List<StoreEvent> all = new ArrayList<>();
    long position = 0;
    for (List<StoreEvent> page; !(page = store.eventsAfter(position, 10)).isEmpty(); position = page.get(page.size() - 1).revision()) {
      assertThat(page).hasSizeLessThanOrEqualTo(10);
      all.addAll(page);
    }
    assertThat(all).extracting(StoreEvent::revision).containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
    assertThat(all.get(4).resource()).isEqualTo(store.get(route("default", "r5")).orElseThrow());
    assertThat(store.eventsAfter(25, 10)).isEmpty();
    assertThat(store.eventsAfter(1_000, 10)).isEmpty();
  }

  @Test
  void compactedRevisionsCannotBeResumed() {
    StoreBackend store = open(new EventRetention(10, 5));
    for (int i = 1; i <= 32; i++) put(store, route("default", "r" + i), "v");

    // Compaction ran at revision 30 and kept revisions 21..30 (and 31, 32 came later).
    assertThatThrownBy(() -> store.eventsAfter(0, 100))
        .isInstanceOfSatisfying(RevisionCompactedException.class, e -> assertThat(e.oldestAvailable()).isEqualTo(20));
    assertThatThrownBy(() -> store.eventsAfter(19, 100)).isInstanceOf(RevisionCompactedException.class);
    assertThat(store.eventsAfter(20, 100)).extracting(StoreEvent::revision)
        .containsExactlyElementsOf(LongStream.rangeClosed(21, 32).boxed().toList());
    assertThat(store.list("MeshHTTPRoute", "default")).as("compaction never touches resources").hasSize(32);
  }

  @Test
  void everythingIsThereAfterReopening() {
    StoreBackend first = open();
    StoredResource m = put(first, mesh("default"), "m");
    StoredResource kept = first.put(route("default", "kept"), Map.of("a", "b"), "{\"x\":1}", 0).resource();
    put(first, route("default", "gone"), "v");
    first.delete(route("default", "gone"), StoreBackend.ANY_VERSION);
    List<StoreEvent> log = first.eventsAfter(0, 100);
    first.close();

    StoreBackend second = open();
    assertThat(second.revision()).isEqualTo(4);
    assertThat(second.get(mesh("default"))).contains(m);
    assertThat(second.list("MeshHTTPRoute", null)).containsExactly(kept);
    assertThat(second.eventsAfter(0, 100)).isEqualTo(log);
    assertThat(put(second, route("default", "next"), "v").version()).isEqualTo(5);
  }

  @Test
  void snapshotIsFilteredByKindAndCarriesTheRevision() {
    StoreBackend store = open();
    StoredResource m = put(store, mesh("default"), "m");
    StoredResource r = put(store, route("default", "r"), "v");
    put(store, new ResourceKey("MeshTimeout", "default", "t"), "v");

    StoreSnapshot routesAndMeshes = store.snapshot(Set.of("Mesh", "MeshHTTPRoute"));
    assertThat(routesAndMeshes.revision()).isEqualTo(3);
    assertThat(routesAndMeshes.resources()).containsExactly(m, r);
    assertThat(store.snapshot(Set.of()).resources()).hasSize(3);
  }

  @Test
  void onCommittedFiresAfterEachLocalCommitWithTheCommitVisible() throws Exception {
    StoreBackend store = open();
    AtomicLong newestSeen = new AtomicLong();
    store.onCommitted(() -> newestSeen.accumulateAndGet(store.revision(), Math::max));
    put(store, route("default", "a"), "v");
    awaitAtLeast(newestSeen, 1);
    put(store, route("default", "b"), "v");
    awaitAtLeast(newestSeen, 2);
  }

  static void awaitAtLeast(AtomicLong value, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (value.get() < expected && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(value.get()).as("revision seen by onCommitted listeners").isGreaterThanOrEqualTo(expected);
  }
}
