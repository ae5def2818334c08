package dev.atrium.store.backend;

import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.store.backend.kube.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract against a real kube-apiserver + etcd (started on loopback for this class; every
 * kuma.io object and Kuma secret deleted before each test). Reopening the storage is a new backend
 * on the same cluster. Where Kubernetes legitimately differs, the backend says so through the
 * contract's properties: etcd revisions have gaps, the event log is in memory, names are object names.
 */
class KubernetesBackendTest extends StoreBackendContract {
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @BeforeEach
  void emptyCluster() {
    cluster.wipe();
  }

  @Override
  protected StoreBackend openStorage(EventRetention retention) {
    return cluster.open(retention);
  }

  @Override
  public boolean gapFreeRevisions() {
    return false;
  }

  @Override
  public boolean eventLogSurvivesRestart() {
    return false;
  }

  @Override
  public boolean kubernetesObjectNames() {
    return true;
  }
}
