package dev.atrium.store.backend;

import java.time.Instant;
import java.util.Map;

/**
 * One resource as a backend keeps it. The backend never interprets {@code json}: validation and
 * encoding belong to libs/core, so every backend stores exactly the same canonical bytes.
 *
 * @param version the store revision of the last write to this resource (like etcd's mod_revision)
 */
public record StoredResource(
    ResourceKey key,
    long version,
    Instant creationTime,
    Instant modificationTime,
    Map<String, String> labels,
    String json) {

  public StoredResource {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
