package dev.atrium.store.backend.jdbc;

import dev.atrium.store.backend.StoreBackend;
import java.nio.file.Path;

/**
 * The default store: one SQLite file ({@value SqliteConnections#DATABASE_FILE}) in a data directory,
 * in WAL mode. Every acknowledged put/delete has been committed to the write-ahead log, so it survives
 * the process being killed; {@link SyncMode#FULL} also makes it survive power loss.
 */
public final class EmbeddedBackend {
  private EmbeddedBackend() {}

  public static StoreBackend open(Path dataDir, SyncMode sync) {
    return open(dataDir, sync, EventRetention.DEFAULT);
  }

  public static StoreBackend open(Path dataDir, SyncMode sync, EventRetention retention) {
    SqliteConnections connections = SqliteConnections.open(dataDir, sync);
    try {
      return new JdbcBackend(connections, SqlDialect.SQLITE, retention);
    } catch (RuntimeException e) {
      connections.close();
      throw e;
    }
  }
}
