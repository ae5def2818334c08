package dev.atrium.core.model.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import java.util.List;
import java.util.Map;

/** A weighted route destination: a target reference plus weight and port (Kuma's common BackendRef). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BackendRef(
    String kind,
    String name,
    String namespace,
    String mesh,
    Map<String, String> tags,
    Map<String, String> labels,
    List<String> proxyTypes,
    String sectionName,
    Integer weight,
    Integer port) {

  public BackendRef {
    tags = Collect.map(tags);
    labels = Collect.map(labels);
    proxyTypes = Collect.list(proxyTypes);
  }

  /** Kuma's default weight is 1. */
  public int effectiveWeight() {
    return weight == null ? 1 : weight;
  }
}
