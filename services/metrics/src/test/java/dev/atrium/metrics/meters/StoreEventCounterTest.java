package dev.atrium.metrics.meters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.follow.Change;
import dev.atrium.follow.StoreFollower;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Store events are counted by type and handed on; the listing is handed on uncounted. */
class StoreEventCounterTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Change> handedOn = new ArrayList<>();
  private final StoreEventCounter counter = new StoreEventCounter(registry, new StoreFollower.Listener() {
    @Override
    public void changed(List<Change> changes) {
      handedOn.addAll(changes);
    }

    @Override
    public void loaded(List<Change> meshes) {
      handedOn.addAll(meshes);
    }
  });

  @Test
  void countsPutsAndDeletesButNotTheListing() {
    Resource mesh = ResourceCodec.decode("type: Mesh\nname: default\n");
    Resource dp = ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 10.0.0.1
          inbound:
            - port: 8080
              tags: {kuma.io/service: web}
        """);
    assertThat(count("put")).as("registered before the first event").isZero();

    counter.loaded(List.of(new Change(ResourceKind.MESH, "default", "default", null, mesh)));
    counter.changed(List.of(new Change(ResourceKind.DATAPLANE, "default", "web-1", null, dp)));
    counter.changed(List.of(new Change(ResourceKind.DATAPLANE, "default", "web-1", dp, dp)));
    counter.changed(List.of(new Change(ResourceKind.DATAPLANE, "default", "web-1", dp, null)));

    assertThat(count("put")).isEqualTo(2.0);
    assertThat(count("delete")).isEqualTo(1.0);
    assertThat(handedOn).hasSize(4);
  }

  private double count(String type) {
    return registry.get("atrium.metrics.store.events").tag("type", type).counter().count();
  }
}
