package dev.atrium.store.backend.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.store.watch.RecordingListener;
import dev.atrium.store.watch.WatchHub;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hard part of the Kubernetes store: writers of different kinds racing each other directly
 * against the API server (not through the store, which would serialise them), while watchers follow
 * and new ones resume from revisions they were given. Every watcher must get exactly the writes after
 * its starting point, in revision order, whatever order the per-kind watches delivered them in.
 */
class CrossKindOrderingTest {
  private static final int WRITES_PER_KIND = 60;

  @Test
  void watchersSeeRacingWritesOfEveryKindInRevisionOrderAndResumeWithoutGaps() throws Exception {
    try (TestCluster cluster = TestCluster.start();
        KubernetesBackend backend = cluster.open(EventRetention.DEFAULT);
        WatchHub hub = new WatchHub(backend)) {
      backend.put(new ResourceKey("Mesh", "", "default"), Map.of(), "{}", 0);
      long start = backend.revision();
      RecordingListener fromStart = new RecordingListener();
      hub.subscribe(start, Set.of(), null, fromStart);

      ObjectCodec codec = new ObjectCodec(cluster.client().getKubernetesSerialization(), TestCluster.SYSTEM_NAMESPACE);
      List<Long> written = Collections.synchronizedList(new ArrayList<>());
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (String kind : List.of("MeshHTTPRoute", "MeshTCPRoute", "Mesh")) {
        writers.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < WRITES_PER_KIND; i++) written.add(write(cluster, codec, kind, i));
        }));
      }
      // Watchers that join midway, from a revision the first one has received.
      List<RecordingListener> joined = new ArrayList<>();
      List<Long> joinedAt = new ArrayList<>();
      while (!writers.stream().allMatch(CompletableFuture::isDone)) {
        List<StoreEvent> seen = fromStart.events();
        if (!seen.isEmpty()) {
          long from = seen.get(seen.size() / 2).revision();
          RecordingListener late = new RecordingListener();
          hub.subscribe(from, Set.of(), null, late);
          joined.add(late);
          joinedAt.add(from);
        }
        Thread.sleep(200);
      }
      for (CompletableFuture<Void> w : writers) w.get(120, TimeUnit.SECONDS);

      List<Long> all = written.stream().sorted().toList();
      assertThat(all).doesNotHaveDuplicates().hasSize(3 * WRITES_PER_KIND);
      assertThat(fromStart.awaitEvents(all.size())).extracting(StoreEvent::revision).containsExactlyElementsOf(all);
      assertThat(joined).as("watchers joined while the writers ran").isNotEmpty();
      for (int i = 0; i < joined.size(); i++) {
        long from = joinedAt.get(i);
        List<Long> expected = all.stream().filter(r -> r > from).toList();
        assertThat(joined.get(i).awaitEvents(expected.size())).extracting(StoreEvent::revision)
            .as("resumed from %d", from).containsExactlyElementsOf(expected);
      }
    }
  }

  /** Creates or updates one object of {@code kind} straight through the API server; its new revision. */
  private static long write(TestCluster cluster, ObjectCodec codec, String kind, int i) {
    KubeKind k = KubeKind.of(dev.atrium.core.model.ResourceKind.byTypeName(kind).orElseThrow());
    ResourceKey key = new ResourceKey(kind, kind.equals("Mesh") ? "" : "default", kind.toLowerCase() + "-" + (i % 7));
    String spec = kind.equals("Mesh") ? "{\"logging\":{\"defaultBackend\":\"b" + i + "\",\"backends\":[{\"name\":\"b" + i
        + "\",\"type\":\"file\",\"conf\":{\"path\":\"/dev/null\"}}]}}"
        : "{\"targetRef\":{\"kind\":\"Mesh\"},\"to\":[{\"targetRef\":{\"kind\":\"MeshService\",\"name\":\"s" + i + "\"},"
            + "\"rules\":[{\"default\":{\"backendRefs\":[{\"kind\":\"MeshService\",\"name\":\"s" + i + "\"}]}}]}]}";
    ObjectCodec.Placement p = codec.placement(k, key, Map.of());
    GenericKubernetesResource current = k.object(cluster.client(), p.namespace(), p.name()).get();
    GenericKubernetesResource desired = codec.toObject(k, key, Map.of(), spec, p, current, Instant.now());
    GenericKubernetesResource done = current == null ? cluster.client().resource(desired).create()
        : cluster.client().resource(desired).update();
    return Long.parseLong(done.getMetadata().getResourceVersion());
  }
}
