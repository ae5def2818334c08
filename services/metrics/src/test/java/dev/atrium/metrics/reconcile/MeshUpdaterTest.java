package dev.atrium.metrics.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.follow.Change;
import dev.atrium.follow.ResourceIndex;
import dev.atrium.metrics.meters.MeshMeters;
import dev.atrium.metrics.model.ScrapeTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Changes in, published targets and gauges out: a deleted Dataplane leaves both; nothing is ready before the load. */
class MeshUpdaterTest {
  private final ResourceIndex index = new ResourceIndex();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicBoolean loaded = new AtomicBoolean();
  private final MeshUpdater updater = new MeshUpdater(index, new MeshMeters(registry), loaded::get);

  @AfterEach
  void stop() {
    updater.shutdown();
  }

  @Test
  void targetsFollowTheDataplanes() {
    index.put(ResourceCodec.decode("""
        type: Mesh
        name: default
        metrics:
          enabledBackend: p
          backends: [{name: p, type: prometheus}]
        """));
    index.put(dataplane("web-1", "10.0.0.1"));
    index.put(dataplane("web-2", "10.0.0.2"));
    updater.changed(List.of(touched(ResourceKind.MESH)));
    eventually(() -> updater.published().targets().size() == 2);
    assertThat(updater.ready()).as("not ready before the store's state is loaded").isFalse();

    loaded.set(true);
    updater.loaded(List.of(touched(ResourceKind.MESH)));
    eventually(updater::ready);
    assertThat(updater.published().document()).contains("\"10.0.0.1:5670\"").contains("\"10.0.0.2:5670\"");
    assertThat(registry.get("atrium.mesh.proxies").tag("service", "web").tag("status", "offline").gauge().value())
        .isEqualTo(2.0);

    index.remove(ResourceKind.DATAPLANE, "default", "web-1");
    updater.changed(List.of(touched(ResourceKind.DATAPLANE)));
    eventually(() -> updater.published().targets().size() == 1);
    assertThat(updater.published().targets()).extracting(ScrapeTarget::dataplane).containsExactly("web-2");
    assertThat(registry.get("atrium.metrics.sd.targets").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("atrium.mesh.proxies").tag("service", "web").tag("status", "offline").gauge().value())
        .isEqualTo(1.0);

    index.remove(ResourceKind.MESH, "default", "default");
    updater.changed(List.of(touched(ResourceKind.MESH)));
    eventually(() -> updater.published().targets().isEmpty());
    assertThat(updater.published().document()).isEqualTo("[]");
    assertThat(registry.find("atrium.mesh.proxies").gauges()).isEmpty();
  }

  @Test
  void anInsightTurnsAProxyOnline() {
    index.put(ResourceCodec.decode("type: Mesh\nname: default\n"));
    index.put(dataplane("web-1", "10.0.0.1"));
    loaded.set(true);
    updater.loaded(List.of(touched(ResourceKind.MESH)));
    updater.changed(List.of(touched(ResourceKind.MESH)));
    eventually(() -> online("web") == 0.0 && updater.ready());

    index.put(ResourceCodec.decode("""
        type: DataplaneInsight
        mesh: default
        name: web-1
        subscriptions:
          - id: a
            connectTime: "2026-01-01T10:00:00Z"
        """));
    updater.changed(List.of(touched(ResourceKind.DATAPLANE_INSIGHT)));
    eventually(() -> online("web") == 1.0);
    assertThat(updater.published().targets()).as("no metrics backend, no target").isEmpty();
  }

  /** What the follower tells of a change of {@code kind} in mesh default (the updater reads only those two). */
  private static Change touched(ResourceKind kind) {
    return new Change(kind, "default", kind.typeName(), null, null);
  }

  private double online(String service) {
    var gauge = registry.find("atrium.mesh.proxies").tag("service", service).tag("status", "online").gauge();
    return gauge == null ? -1 : gauge.value();
  }

  private static Resource dataplane(String name, String address) {
    return ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: %s
          inbound:
            - port: 8080
              tags: {kuma.io/service: web}
        """.formatted(name, address));
  }

  private static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 5s");
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
