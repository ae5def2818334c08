package dev.atrium.store.backend.jdbc;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoredResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** SQL over {@code store_resources}: the current state, one row per (kind, mesh, name). */
final class ResourceTable {
  private static final String SELECT = "SELECT " + RowCodec.COLUMNS + " FROM store_resources ";

  private ResourceTable() {}

  static Optional<StoredResource> get(Connection c, ResourceKey key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE kind = ? AND mesh = ? AND name = ?")) {
      s.setString(1, key.kind());
      s.setString(2, key.mesh());
      s.setString(3, key.name());
      List<StoredResource> found = readAll(s);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  /** One kind, sorted by (mesh, name); {@code mesh} null means every mesh. */
  static List<StoredResource> list(Connection c, String kind, String mesh) throws SQLException {
    String sql = SELECT + "WHERE kind = ?" + (mesh == null ? "" : " AND mesh = ?") + " ORDER BY mesh, name";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, kind);
      if (mesh != null) s.setString(2, mesh);
      return readAll(s);
    }
  }

  /** Every resource inside one mesh (not the Mesh itself, whose own mesh is ""), sorted by (kind, name). */
  static List<StoredResource> inMesh(Connection c, String mesh) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE mesh = ? ORDER BY kind, name")) {
      s.setString(1, mesh);
      return readAll(s);
    }
  }

  /** Every resource of the given kinds (all if empty), sorted by (kind, mesh, name). */
  static List<StoredResource> ofKinds(Connection c, Set<String> kinds) throws SQLException {
    List<String> sorted = new ArrayList<>(kinds);
    Collections.sort(sorted);
    String where = sorted.isEmpty() ? "" : "WHERE kind IN (" + String.join(", ", Collections.nCopies(sorted.size(), "?")) + ") ";
    try (PreparedStatement s = c.prepareStatement(SELECT + where + "ORDER BY kind, mesh, name")) {
      for (int i = 0; i < sorted.size(); i++) s.setString(i + 1, sorted.get(i));
      return readAll(s);
    }
  }

  static void upsert(Connection c, StoredResource r) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO store_resources (" + RowCodec.COLUMNS + ") "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, mesh, name) DO UPDATE SET "
        + "version = excluded.version, creation_time = excluded.creation_time, "
        + "modification_time = excluded.modification_time, labels = excluded.labels, json = excluded.json")) {
      RowCodec.bind(s, 1, r);
      s.executeUpdate();
    }
  }

  static void delete(Connection c, ResourceKey key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM store_resources WHERE kind = ? AND mesh = ? AND name = ?")) {
      s.setString(1, key.kind());
      s.setString(2, key.mesh());
      s.setString(3, key.name());
      s.executeUpdate();
    }
  }

  private static List<StoredResource> readAll(PreparedStatement s) throws SQLException {
    List<StoredResource> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) out.add(RowCodec.read(rs, 1));
    }
    return out;
  }
}
