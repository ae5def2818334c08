package dev.atrium.store.backend.jdbc;

import dev.atrium.store.backend.StoreBackend;

/**
 * The store in a PostgreSQL database that several store processes share. Commits by any of them
 * reach every process's {@code onCommitted} listeners through LISTEN/NOTIFY.
 */
public final class PostgresBackend {
  private PostgresBackend() {}

  public static StoreBackend open(String jdbcUrl, String user, String password, int poolSize) {
    return open(jdbcUrl, user, password, poolSize, EventRetention.DEFAULT);
  }

  public static StoreBackend open(String jdbcUrl, String user, String password, int poolSize, EventRetention retention) {
    PostgresConnections connections = PostgresConnections.open(jdbcUrl, user, password, poolSize);
    JdbcBackend backend;
    try {
      backend = new JdbcBackend(connections, SqlDialect.POSTGRESQL, retention);
    } catch (RuntimeException e) {
      connections.close();
      throw e;
    }
    backend.closeFirst(PostgresChangeListener.start(jdbcUrl, user, password, backend.commitSignal()));
    return backend;
  }
}
