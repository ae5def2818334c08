package dev.atrium.core.model.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import java.util.List;
import java.util.Map;

/**
 * What a policy or route applies to (Kuma's common TargetRef). For routes on a builtin gateway the
 * top-level targetRef is {@code kind: MeshGateway} and {@code tags} select listeners.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TargetRef(
    String kind,
    String name,
    String namespace,
    String mesh,
    Map<String, String> tags,
    Map<String, String> labels,
    List<String> proxyTypes,
    String sectionName) {

  public TargetRef {
    tags = Collect.map(tags);
    labels = Collect.map(labels);
    proxyTypes = Collect.list(proxyTypes);
  }

  public static final String MESH = "Mesh";
  public static final String MESH_GATEWAY = "MeshGateway";
  public static final String MESH_SERVICE = "MeshService";
}
