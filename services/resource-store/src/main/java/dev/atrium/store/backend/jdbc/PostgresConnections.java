package dev.atrium.store.backend.jdbc;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A pool of PostgreSQL connections (Agroal, configured in code so the backend works the same inside
 * and outside Quarkus). Writes run at READ COMMITTED: each statement sees everything committed before
 * it, and the revision row lock taken first makes that "everything before this write". Reads run at
 * REPEATABLE READ so a snapshot's revision and rows come from one instant.
 */
final class PostgresConnections implements Connections {
  private final AgroalDataSource pool;

  private PostgresConnections(AgroalDataSource pool) {
    this.pool = pool;
  }

  static PostgresConnections open(String jdbcUrl, String user, String password, int poolSize) {
    if (poolSize < 1) throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
    AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
        .connectionPoolConfiguration(pool -> pool
            .minSize(0)
            .initialSize(1)
            .maxSize(poolSize)
            .acquisitionTimeout(Duration.ofSeconds(10))
            // A connection that saw a fatal error (server restart, network cut) is dropped, not reused.
            .exceptionSorter(new PostgreSQLExceptionSorter())
            .connectionValidator(ConnectionValidator.defaultValidator())
            .idleValidationTimeout(Duration.ofSeconds(30))
            .connectionFactoryConfiguration(factory -> {
              factory.jdbcUrl(jdbcUrl)
                  .connectionProviderClass(org.postgresql.Driver.class)
                  .jdbcProperty("ApplicationName", "atrium-resource-store")
                  .jdbcProperty("tcpKeepAlive", "true")
                  .autoCommit(true);
              // Either may be absent: trust or peer authentication, or both given in the URL.
              if (user != null) factory.principal(new NamePrincipal(user));
              if (password != null) factory.credential(new SimplePassword(password));
              return factory;
            }));
    try {
      return new PostgresConnections(AgroalDataSource.from(config));
    } catch (SQLException e) {
      throw new StorageException("cannot create the PostgreSQL pool for " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T write(SqlWork<T> work) {
    return inTransaction(null, work);
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    return inTransaction("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", work);
  }

  @Override
  public void close() {
    pool.close();
  }

  private <T> T inTransaction(String setup, SqlWork<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (setup != null) SqlDialect.execute(c, setup);
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        restoreAutoCommit(c);
      }
    } catch (SQLException e) {
      throw new StorageException("PostgreSQL store: " + e.getMessage(), e);
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // broken connection: the exception sorter has already marked it for removal from the pool
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the server rolls the transaction back when it notices
    }
  }
}
