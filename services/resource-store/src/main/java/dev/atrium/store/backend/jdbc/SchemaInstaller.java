package dev.atrium.store.backend.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Creates the store's tables if they are absent. Idempotent and safe to run from several processes
 * at once. The {@code schema_version} row in {@code store_meta} is where later migrations start from.
 */
final class SchemaInstaller {
  /** The schema this code reads and writes. Bump it together with a migration step. */
  static final long SCHEMA_VERSION = 1;

  private SchemaInstaller() {}

  static void install(Connections connections, SqlDialect dialect) {
    connections.write(c -> {
      dialect.lockSchema(c);
      for (String ddl : statements(dialect)) {
        SqlDialect.execute(c, ddl);
      }
      checkVersion(c);
      return null;
    });
  }

  private static List<String> statements(SqlDialect d) {
    String integer = d.integerType();
    String key = d.keyTextType();
    String resourceColumns = "version " + integer + " NOT NULL, "
        + "creation_time " + integer + " NOT NULL, "    // epoch milliseconds
        + "modification_time " + integer + " NOT NULL, " // epoch milliseconds
        + "labels TEXT NOT NULL, "                        // JSON object, keys sorted
        + "json TEXT NOT NULL";                           // canonical resource JSON from libs/core
    return List.of(
        "CREATE TABLE IF NOT EXISTS store_meta (name " + key + " PRIMARY KEY, value " + integer + " NOT NULL)",
        // One row. Every write transaction updates it first: that row lock is what makes commit order
        // equal revision order, also between processes sharing a PostgreSQL database.
        "CREATE TABLE IF NOT EXISTS store_revision (id " + integer + " PRIMARY KEY CHECK (id = 1), "
            + "revision " + integer + " NOT NULL, compacted_through " + integer + " NOT NULL)",
        "INSERT INTO store_revision (id, revision, compacted_through) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING",
        "CREATE TABLE IF NOT EXISTS store_resources (kind " + key + " NOT NULL, mesh " + key + " NOT NULL, "
            + "name " + key + " NOT NULL, " + resourceColumns + ", PRIMARY KEY (kind, mesh, name))",
        // Mesh deletion cascades by mesh, across kinds.
        "CREATE INDEX IF NOT EXISTS store_resources_by_mesh ON store_resources (mesh)",
        "CREATE TABLE IF NOT EXISTS store_events (revision " + integer + " PRIMARY KEY, type TEXT NOT NULL, "
            + "kind " + key + " NOT NULL, mesh " + key + " NOT NULL, name " + key + " NOT NULL, "
            + resourceColumns + ")");
  }

  private static void checkVersion(Connection c) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO store_meta (name, value) VALUES ('schema_version', ?) ON CONFLICT (name) DO NOTHING")) {
      insert.setLong(1, SCHEMA_VERSION);
      insert.executeUpdate();
    }
    try (PreparedStatement select = c.prepareStatement("SELECT value FROM store_meta WHERE name = 'schema_version'");
        ResultSet rs = select.executeQuery()) {
      rs.next();
      long found = rs.getLong(1);
      if (found > SCHEMA_VERSION) {
        throw new IllegalStateException("the store's schema is version " + found + ", written by a newer Atrium; "
            + "this one understands up to version " + SCHEMA_VERSION + ": upgrade this process");
      }
    }
  }
}
