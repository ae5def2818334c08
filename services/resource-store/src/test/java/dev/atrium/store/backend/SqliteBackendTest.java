package dev.atrium.store.backend;

import dev.atrium.store.backend.jdbc.EmbeddedBackend;
import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.store.backend.jdbc.SyncMode;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the embedded store, one fresh data directory per test. */
class SqliteBackendTest extends StoreBackendContract {
  @TempDir Path dataDir;

  @Override
  protected StoreBackend openStorage(EventRetention retention) {
    return EmbeddedBackend.open(dataDir, SyncMode.FULL, retention);
  }
}
