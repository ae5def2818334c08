package dev.atrium.core.model;

import java.time.Instant;
import java.util.Map;

/**
 * Identity and bookkeeping of a resource.
 *
 * @param mesh null for global kinds
 * @param creationTime null until stored
 * @param modificationTime null until stored
 * @param version the store revision of the last write; 0 until stored
 */
public record ResourceMeta(
    String mesh, String name, Map<String, String> labels, Instant creationTime, Instant modificationTime, long version) {

  public ResourceMeta {
    labels = Collect.map(labels);
  }

  public static ResourceMeta of(String mesh, String name) {
    return new ResourceMeta(mesh, name, Map.of(), null, null, 0);
  }

  public ResourceMeta withLabels(Map<String, String> newLabels) {
    return new ResourceMeta(mesh, name, newLabels, creationTime, modificationTime, version);
  }
}
