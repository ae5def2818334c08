package dev.atrium.store.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.jdbc.EmbeddedBackend;
import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.store.backend.jdbc.SyncMode;
import dev.atrium.store.config.StoreConfig;
import dev.atrium.store.metrics.OperationMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DataplaneInsight lives only beside its Dataplane: refused without it, deleted with it. */
class InsightOwnershipTest {
  @TempDir Path dir;
  StoreBackend backend;
  ResourceService service;

  static final String DATAPLANE = """
      type: Dataplane
      mesh: default
      name: backend-1
      networking:
        address: 127.0.0.1
        inbound:
          - port: 8080
            tags: {kuma.io/service: backend}
      """;

  static final String INSIGHT = """
      type: DataplaneInsight
      mesh: default
      name: backend-1
      subscriptions:
        - id: cp-1:1
          controlPlaneInstanceId: cp-1
          connectTime: "2025-06-01T10:00:00Z"
          status:
            total: {responsesSent: "4", responsesAcknowledged: "4"}
      """;

  @BeforeEach
  void open() {
    backend = EmbeddedBackend.open(dir, SyncMode.NORMAL, EventRetention.DEFAULT);
    service = new ResourceService(backend, new TestConfig(), new OperationMeters(new SimpleMeterRegistry()));
    service.ensureDefaultMesh();
  }

  @AfterEach
  void close() {
    backend.close();
  }

  @Test
  void insightOfAMissingDataplaneIsRefused() {
    assertThatThrownBy(() -> service.put(ResourceCodec.decode(INSIGHT), StoreBackend.ANY_VERSION))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Dataplane \"backend-1\" not found in mesh \"default\"");
    assertThat(service.get(ResourceKind.DATAPLANE_INSIGHT, "default", "backend-1")).isEmpty();
  }

  @Test
  void insightIsStoredBesideItsDataplaneAndDeletedWithIt() {
    service.put(ResourceCodec.decode(DATAPLANE), StoreBackend.ANY_VERSION);
    Resource stored = service.put(ResourceCodec.decode(INSIGHT), StoreBackend.ANY_VERSION).resource();
    assertThat(stored.meta().labels()).containsEntry("kuma.io/mesh", "default");
    assertThat(service.get(ResourceKind.DATAPLANE_INSIGHT, "default", "backend-1")).isPresent();

    List<StoreEvent> deleted = service.delete(ResourceKind.DATAPLANE, "default", "backend-1", StoreBackend.ANY_VERSION);

    assertThat(deleted).extracting(e -> e.key().kind()).containsExactly("Dataplane", "DataplaneInsight");
    assertThat(service.get(ResourceKind.DATAPLANE_INSIGHT, "default", "backend-1")).isEmpty();
  }

  @Test
  void deletingADataplaneWithoutInsightReportsOnlyTheDataplane() {
    service.put(ResourceCodec.decode(DATAPLANE), StoreBackend.ANY_VERSION);
    assertThat(service.delete(ResourceKind.DATAPLANE, "default", "backend-1", StoreBackend.ANY_VERSION))
        .extracting(e -> e.key().kind()).containsExactly("Dataplane");
  }

  @Test
  void anInsightWrittenWhileItsDataplaneIsDeletedIsUndone() {
    // The interleaving the after-check exists for: the owner check passed, then the Dataplane went.
    service.put(ResourceCodec.decode(DATAPLANE), StoreBackend.ANY_VERSION);
    Resource insight = ResourceCodec.decode(INSIGHT);
    InsightOwnership.requireOwner(backend, insight);
    service.delete(ResourceKind.DATAPLANE, "default", "backend-1", StoreBackend.ANY_VERSION);
    backend.put(StoredResources.keyOf(insight), java.util.Map.of(), ResourceCodec.encodeSpec(insight.spec()),
        StoreBackend.ANY_VERSION);

    assertThatThrownBy(() -> InsightOwnership.undoIfOrphaned(backend, insight))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(service.get(ResourceKind.DATAPLANE_INSIGHT, "default", "backend-1")).isEmpty();
  }

  /** Only zone() is read by ResourceService. */
  private static final class TestConfig implements StoreConfig {
    @Override public Backend backend() { return Backend.embedded; }
    @Override public dev.atrium.core.multizone.ControlPlaneMode mode() { return dev.atrium.core.multizone.ControlPlaneMode.STANDALONE; }
    @Override public Embedded embedded() { throw new UnsupportedOperationException(); }
    @Override public Postgres postgres() { throw new UnsupportedOperationException(); }
    @Override public Kubernetes kubernetes() { throw new UnsupportedOperationException(); }
    @Override public int eventRetention() { return 100_000; }
    @Override public boolean createDefaultMesh() { return true; }
    @Override public String zone() { return "default"; }
    @Override public java.time.Duration zoneHeartbeat() { return java.time.Duration.ofSeconds(5); }
    @Override public java.time.Duration zoneOfflineAfter() { return java.time.Duration.ofSeconds(15); }
    @Override public java.util.Optional<java.nio.file.Path> globalZoneTokenFile() { return java.util.Optional.empty(); }
    @Override public boolean zoneAllowWithoutToken() { return false; }
  }
}
