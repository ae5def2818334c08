package dev.atrium.store.backend.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoredResource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place that maps a {@link StoredResource} to and from the columns shared by the resources
 * and events tables: kind, mesh, name, version, creation_time, modification_time, labels, json.
 * Times are epoch milliseconds, so what a read returns equals what put returned.
 */
final class RowCodec {
  static final String COLUMNS = "kind, mesh, name, version, creation_time, modification_time, labels, json";
  static final int COLUMN_COUNT = 8;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  private RowCodec() {}

  /** Binds the eight columns starting at parameter {@code first}. */
  static void bind(PreparedStatement s, int first, StoredResource r) throws SQLException {
    s.setString(first, r.key().kind());
    s.setString(first + 1, r.key().mesh());
    s.setString(first + 2, r.key().name());
    s.setLong(first + 3, r.version());
    s.setLong(first + 4, r.creationTime().toEpochMilli());
    s.setLong(first + 5, r.modificationTime().toEpochMilli());
    s.setString(first + 6, labelsToJson(r.labels()));
    s.setString(first + 7, r.json());
  }

  /** Reads the eight columns starting at column {@code first}. */
  static StoredResource read(ResultSet rs, int first) throws SQLException {
    return new StoredResource(
        new ResourceKey(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2)),
        rs.getLong(first + 3),
        Instant.ofEpochMilli(rs.getLong(first + 4)),
        Instant.ofEpochMilli(rs.getLong(first + 5)),
        labelsFromJson(rs.getString(first + 6)),
        rs.getString(first + 7));
  }

  /** The current time at the precision the store keeps, so put's answer equals later reads. */
  static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }

  private static String labelsToJson(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(labels)); // sorted: same labels, same bytes
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("labels cannot be encoded: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> labelsFromJson(String json) throws SQLException {
    try {
      return JSON.readValue(json, LABELS);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored labels are not a JSON object of strings: " + json, e);
    }
  }
}
