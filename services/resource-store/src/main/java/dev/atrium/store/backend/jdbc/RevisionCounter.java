package dev.atrium.store.backend.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The single {@code store_revision} row: the newest revision and how far the event log has been
 * compacted. Deliberately not a sequence: sequence values are handed out at call time, not commit
 * time, so a reader could see revision 11 committed while 10 is still in flight and skip it forever.
 */
final class RevisionCounter {

  /** @param compactedThrough every event with revision at or below this is deleted */
  record State(long revision, long compactedThrough) {}

  private RevisionCounter() {}

  /**
   * Locks the row for the rest of the transaction and returns its state. Must be the first statement
   * of every write transaction: writers (in every process) then run one after another, so revisions
   * are handed out in commit order. A no-op UPDATE rather than SELECT ... FOR UPDATE because SQLite
   * has no FOR UPDATE, and an UPDATE takes the write lock in both databases.
   */
  static State lock(Connection c) throws SQLException {
    return query(c, "UPDATE store_revision SET revision = revision WHERE id = 1 RETURNING revision, compacted_through");
  }

  static State read(Connection c) throws SQLException {
    return query(c, "SELECT revision, compacted_through FROM store_revision WHERE id = 1");
  }

  static void advance(Connection c, State next) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE store_revision SET revision = ?, compacted_through = ? WHERE id = 1")) {
      s.setLong(1, next.revision());
      s.setLong(2, next.compactedThrough());
      s.executeUpdate();
    }
  }

  private static State query(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      if (!rs.next()) throw new SQLException("store_revision has no row: the schema was not installed");
      return new State(rs.getLong(1), rs.getLong(2));
    }
  }
}
