package dev.atrium.store.backend.jdbc;

/**
 * How a backend gets transactions, so that {@link JdbcBackend} is the same code for SQLite (one
 * file, one writer) and PostgreSQL (a pool shared with other processes).
 */
interface Connections extends AutoCloseable {

  /**
   * Runs {@code work} in one read-write transaction and commits it. Runtime exceptions thrown by the
   * work (version conflicts) roll back and propagate unchanged; SQL failures become
   * {@link StorageException}.
   */
  <T> T write(SqlWork<T> work);

  /** Runs {@code work} in one read-only transaction that sees a single consistent snapshot. */
  <T> T read(SqlWork<T> work);

  @Override
  void close();
}
