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
 *
 * <p>Where backends legitimately differ, the difference is a property of the backend ({@link
 * #gapFreeRevisions()}, {@link #eventLogSurvivesRestart()}, {@link #kubernetesObjectNames()}): every
 * backend passes the general check, and the backends that promise more are held to it as well.
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

  static ResourceKey tcpRoute(String mesh, String name) {
    return new ResourceKey("MeshTCPRoute", mesh, name);
  }

  /** A valid spec of the key's kind, different for each {@code variant}. */
  static String json(ResourceKey key, String variant) {
    return TestSpecs.json(key, variant);
  }

  /** The revisions that follow {@code after} among {@code written}, in order. */
  static List<Long> after(List<Long> written, long after) {
    return written.stream().filter(r -> r > after).sorted().toList();
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
    assertThat(created.resource().version()).isPositive();
    if (gapFreeRevisions()) assertThat(created.resource().version()).isEqualTo(1);
    assertThat(created.resource().creationTime()).isEqualTo(created.resource().modificationTime());
    assertThat(store.get(key)).contains(created.resource());

    Thread.sleep(5); // so that a modification time that was not updated would show
    WriteResult updated = store.put(key, Map.of("team", "core"), json(key, "v2"), created.resource().version());
    assertThat(updated.created()).isFalse();
    assertThat(updated.resource().version()).isGreaterThan(created.resource().version());
    if (gapFreeRevisions()) assertThat(updated.resource().version()).isEqualTo(2);
    assertThat(updated.resource().creationTime()).isEqualTo(created.resource().creationTime());
    assertThat(updated.resource().modificationTime()).isAfter(created.resource().modificationTime());
    assertThat(store.get(key)).contains(updated.resource());
    assertThat(store.get(key).orElseThrow().labels()).containsExactly(Map.entry("team", "core"));
    assertThat(store.revision()).isEqualTo(updated.resource().version());
  }

  @Test
  void listIsSortedByMeshThenNameAndFiltersByMesh() {
    StoreBackend store = open();
    put(store, route("zeta", "a"), "1");
    put(store, route("alpha", "b-2"), "1");
    put(store, route("alpha", "b1"), "1");
    // Byte order, not locale order: "B" < "b-2" < "b1". Kubernetes object names are lowercase.
    if (!kubernetesObjectNames()) put(store, route("alpha", "B"), "1");
    put(store, tcpRoute("alpha", "t"), "1");
    put(store, mesh("alpha"), "1");

    List<ResourceKey> expected = new ArrayList<>();
    if (!kubernetesObjectNames()) expected.add(route("alpha", "B"));
    expected.addAll(List.of(route("alpha", "b-2"), route("alpha", "b1"), route("zeta", "a")));
    assertThat(store.list("MeshHTTPRoute", null)).extracting(StoredResource::key).containsExactlyElementsOf(expected);
    assertThat(store.list("MeshHTTPRoute", "zeta")).extracting(StoredResource::key).containsExactly(route("zeta", "a"));
    assertThat(store.list("MeshHTTPRoute", "nowhere")).isEmpty();
    assertThat(store.list("Mesh", null)).extracting(StoredResource::key).containsExactly(mesh("alpha"));
    assertThat(store.get(route("alpha", "missing"))).isEmpty();
  }

  @Test
  void namesAreScopedByMeshUnlessTheyAreKubernetesObjectNames() {
    StoreBackend store = open();
    StoredResource first = put(store, route("one", "shared"), "1");
    if (kubernetesObjectNames()) {
      // One object per kind, namespace and name: another mesh's resource of that name would replace it.
      assertThatThrownBy(() -> put(store, route("two", "shared"), "2"))
          .isInstanceOf(dev.atrium.core.validation.InvalidResourceException.class)
          .hasMessageContaining("mesh \"one\"");
      assertThat(store.list("MeshHTTPRoute", null)).containsExactly(first);
    } else {
      StoredResource second = put(store, route("two", "shared"), "2");
      assertThat(store.list("MeshHTTPRoute", null)).containsExactly(first, second);
    }
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
    ResourceKey absent = route("default", "absent");
    assertThatThrownBy(() -> store.put(absent, Map.of(), json(absent, "v"), 7))
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
    put(store, tcpRoute("doomed", "t1"), "1");
    put(store, route("doomed", "r1"), "1");
    StoredResource survivor = put(store, route("kept", "r3"), "1");
    long before = store.revision();

    List<StoreEvent> events = store.delete(mesh("doomed"), StoreBackend.ANY_VERSION);

    assertThat(events).extracting(StoreEvent::key).containsExactly(
        route("doomed", "r1"), route("doomed", "r2"), tcpRoute("doomed", "t1"), mesh("doomed"));
    assertThat(events).allMatch(e -> e.type() == StoreEvent.Type.DELETE);
    assertThat(events).extracting(StoreEvent::revision).isSorted().doesNotHaveDuplicates().allMatch(r -> r > before);
    if (gapFreeRevisions()) {
      assertThat(events).extracting(StoreEvent::revision).containsExactly(before + 1, before + 2, before + 3, before + 4);
    }
    assertThat(store.eventsAfter(before, 100)).isEqualTo(events);
    assertThat(store.list("MeshHTTPRoute", null)).containsExactly(survivor);
    assertThat(store.list("MeshTCPRoute", null)).isEmpty();
    assertThat(store.get(mesh("doomed"))).isEmpty();
  }

  @Test
  void concurrentWritersGetDistinctRevisionsInCommitOrder() throws Exception {
    StoreBackend store = open();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    List<Long> versions = new CopyOnWriteArrayList<>();
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writer = w;
      done.add(writers.submit(() -> {
        for (int i = 0; i < 50; i++) {
          ResourceKey key = route("mesh-" + writer, "w" + writer + "-r" + (i % 10)); // updates as well as creates
          versions.add(store.put(key, Map.of(), json(key, "w" + writer + "-" + i), StoreBackend.ANY_VERSION).resource().version());
        }
      }));
    }
    for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    writers.shutdown();

    assertThat(versions).hasSize(200).doesNotHaveDuplicates();
    if (gapFreeRevisions()) assertThat(versions).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    long start = versions.stream().mapToLong(Long::longValue).min().orElseThrow() - 1;
    List<StoreEvent> events = store.eventsAfter(start, 1_000);
    // Commit order is revision order: the log holds exactly the acknowledged versions, ascending.
    assertThat(events).extracting(StoreEvent::revision).containsExactlyElementsOf(after(versions, start));
    // Replaying the log gives the current state: the log is in commit order.
    Map<ResourceKey, StoredResource> replayed = new HashMap<>();
    events.forEach(e -> replayed.put(e.key(), e.resource()));
    assertThat(replayed.values()).containsExactlyInAnyOrderElementsOf(store.snapshot(Set.of()).resources());
    assertThat(store.revision()).isEqualTo(versions.stream().mapToLong(Long::longValue).max().orElseThrow());
  }

  @Test
  void eventsAfterPagesThroughTheLogInOrder() {
    StoreBackend store = open();
    long start = store.revision();
    List<Long> written = new ArrayList<>();
    for (int i = 1; i <= 25; i++) written.add(put(store, route("default", "r" + i), "v").version());

    List<StoreEvent> all = new ArrayList<>();
    long position = start;
    for (List<StoreEvent> page; !(page = store.eventsAfter(position, 10)).isEmpty(); position = page.get(page.size() - 1).revision()) {
      assertThat(page).hasSizeLessThanOrEqualTo(10);
      all.addAll(page);
    }
    assertThat(all).extracting(StoreEvent::revision).containsExactlyElementsOf(written);
    if (gapFreeRevisions()) assertThat(written).containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
    assertThat(all.get(4).resource()).isEqualTo(store.get(route("default", "r5")).orElseThrow());
    long last = written.get(written.size() - 1);
    assertThat(store.eventsAfter(last, 10)).isEmpty();
    assertThat(store.eventsAfter(last + 1_000, 10)).isEmpty();
  }

  @Test
  void compactedRevisionsCannotBeResumed() {
    StoreBackend store = open(new EventRetention(10, 5));
    List<Long> written = new ArrayList<>();
    for (int i = 1; i <= 32; i++) written.add(put(store, route("default", "r" + i), "v").version());

    long oldest = catchCompacted(() -> store.eventsAfter(0, 100)).oldestAvailable();
    assertThatThrownBy(() -> store.eventsAfter(oldest - 1, 100)).isInstanceOf(RevisionCompactedException.class);
    List<Long> retained = after(written, oldest);
    // At least the configured number is kept, and no more than one compaction interval beyond it.
    assertThat(retained).hasSizeBetween(10, 14);
    assertThat(store.eventsAfter(oldest, 100)).extracting(StoreEvent::revision).containsExactlyElementsOf(retained);
    if (gapFreeRevisions()) {
      // Compaction ran at revision 30 and kept revisions 21..30 (and 31, 32 came later).
      assertThat(oldest).isEqualTo(20);
      assertThat(retained).containsExactlyElementsOf(LongStream.rangeClosed(21, 32).boxed().toList());
    }
    assertThat(store.list("MeshHTTPRoute", "default")).as("compaction never touches resources").hasSize(32);
  }

  @Test
  void everythingIsThereAfterReopening() {
    StoreBackend first = open();
    long start = first.revision();
    StoredResource m = put(first, mesh("default"), "m");
    StoredResource kept = first.put(route("default", "kept"), Map.of("a", "b"), json(route("default", "kept"), "x1"), 0).resource();
    put(first, route("default", "gone"), "v");
    first.delete(route("default", "gone"), StoreBackend.ANY_VERSION);
    List<StoreEvent> log = first.eventsAfter(start, 100);
    assertThat(log).hasSize(4);
    first.close();

    StoreBackend second = open();
    long lastLogged = log.get(log.size() - 1).revision();
    assertThat(second.revision()).isGreaterThanOrEqualTo(lastLogged);
    if (gapFreeRevisions()) assertThat(second.revision()).isEqualTo(4);
    assertThat(second.get(mesh("default"))).contains(m);
    assertThat(second.list("MeshHTTPRoute", null)).containsExactly(kept);
    if (eventLogSurvivesRestart()) {
      assertThat(second.eventsAfter(0, 100)).isEqualTo(log);
    } else {
      // The history before the restart is gone: watchers re-list, and resume from the new revision.
      catchCompacted(() -> second.eventsAfter(0, 100));
      assertThat(second.eventsAfter(second.revision(), 100)).isEmpty();
    }
    long next = put(second, route("default", "next"), "v").version();
    assertThat(next).isGreaterThan(lastLogged);
    if (gapFreeRevisions()) assertThat(next).isEqualTo(5);
    assertThat(second.revision()).isEqualTo(next);
  }

  @Test
  void snapshotIsFilteredByKindAndCarriesTheRevision() {
    StoreBackend store = open();
    StoredResource m = put(store, mesh("default"), "m");
    StoredResource r = put(store, route("default", "r"), "v");
    StoredResource t = put(store, tcpRoute("default", "t"), "v");

    StoreSnapshot routesAndMeshes = store.snapshot(Set.of("Mesh", "MeshHTTPRoute"));
    assertThat(routesAndMeshes.revision()).isEqualTo(t.version());
    assertThat(routesAndMeshes.resources()).containsExactly(m, r);
    assertThat(store.snapshot(Set.of()).resources()).hasSize(3);
  }

  @Test
  void onCommittedFiresAfterEachLocalCommitWithTheCommitVisible() throws Exception {
    StoreBackend store = open();
    AtomicLong newestSeen = new AtomicLong();
    store.onCommitted(() -> newestSeen.accumulateAndGet(store.revision(), Math::max));
    awaitAtLeast(newestSeen, put(store, route("default", "a"), "v").version());
    awaitAtLeast(newestSeen, put(store, route("default", "b"), "v").version());
  }

  static RevisionCompactedException catchCompacted(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(RevisionCompactedException.class);
    return (RevisionCompactedException) thrown;
  }

  static void awaitAtLeast(AtomicLong value, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (value.get() < expected && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(value.get()).as("revision seen by onCommitted listeners").isGreaterThanOrEqualTo(expected);
  }
}
