package dev.atrium.store.backend.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The few places where SQLite and PostgreSQL differ for this store. Everything else (upsert with
 * ON CONFLICT, UPDATE ... RETURNING, LIMIT) is written once in standard-enough SQL both accept.
 */
enum SqlDialect {
  SQLITE {
    @Override
    String integerType() {
      // Exactly "INTEGER" makes a single-column primary key the rowid: the event log is then one b-tree.
      return "INTEGER";
    }

    @Override
    String keyTextType() {
      // SQLite compares TEXT bytewise by default, which for UTF-8 is Java's String order.
      return "TEXT";
    }

    @Override
    void lockSchema(Connection c) {
      // The schema is installed in a BEGIN IMMEDIATE transaction, which already excludes other writers.
    }

    @Override
    void announceCommit(Connection c, long revision) {
      // One process per file (enforced by a lock file): local listeners are all there is to tell.
    }
  },

  POSTGRESQL {
    /** Arbitrary constant for pg_advisory_xact_lock: serialises schema installation across processes. */
    private static final long SCHEMA_LOCK_ID = 0x61747269756dL; // "atrium" in ASCII

    @Override
    String integerType() {
      return "BIGINT";
    }

    @Override
    String keyTextType() {
      // Without "C" collation, ORDER BY follows the database locale (which ignores dashes, folds case)
      // and would disagree with the embedded store and with Java's sort order.
      return "TEXT COLLATE \"C\"";
    }

    @Override
    void lockSchema(Connection c) throws SQLException {
      // CREATE TABLE IF NOT EXISTS is not safe when two processes run it at once (duplicate pg_type rows).
      try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        s.setLong(1, SCHEMA_LOCK_ID);
        s.execute();
      }
    }

    @Override
    void announceCommit(Connection c, long revision) throws SQLException {
      // Delivered by PostgreSQL only when (and if) this transaction commits, in commit order.
      try (PreparedStatement s = c.prepareStatement("SELECT pg_notify('" + NOTIFY_CHANNEL + "', ?)")) {
        s.setString(1, Long.toString(revision));
        s.execute();
      }
    }
  };

  /** PostgreSQL LISTEN/NOTIFY channel on which every commit announces its newest revision. */
  static final String NOTIFY_CHANNEL = "atrium_store";

  /** Column type for revisions, versions and epoch-millisecond times. */
  abstract String integerType();

  /** Column type for kind, mesh and name: must sort like {@link String#compareTo}. */
  abstract String keyTextType();

  /** Called first in the schema transaction so that concurrent installers take turns. */
  abstract void lockSchema(Connection c) throws SQLException;

  /** Called last in every write transaction that produced events, with the newest revision. */
  abstract void announceCommit(Connection c, long revision) throws SQLException;

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
