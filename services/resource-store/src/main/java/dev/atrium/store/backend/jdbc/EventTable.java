package dev.atrium.store.backend.jdbc;

import dev.atrium.store.backend.StoreEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL over {@code store_events}: the change log, keyed by revision. */
final class EventTable {
  private EventTable() {}

  static void append(Connection c, StoreEvent e) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO store_events (revision, type, " + RowCodec.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setLong(1, e.revision());
      s.setString(2, e.type().name());
      RowCodec.bind(s, 3, e.resource());
      s.executeUpdate();
    }
  }

  static List<StoreEvent> after(Connection c, long afterRevision, int limit) throws SQLException {
    List<StoreEvent> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT revision, type, " + RowCodec.COLUMNS
        + " FROM store_events WHERE revision > ? ORDER BY revision LIMIT ?")) {
      s.setLong(1, afterRevision);
      s.setInt(2, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new StoreEvent(rs.getLong(1), StoreEvent.Type.valueOf(rs.getString(2)), RowCodec.read(rs, 3)));
        }
      }
    }
    return out;
  }

  static void deleteThrough(Connection c, long revision) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM store_events WHERE revision <= ?")) {
      s.setLong(1, revision);
      s.executeUpdate();
    }
  }
}
