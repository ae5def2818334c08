package dev.atrium.webhook.controller.model;

import dev.atrium.webhook.metadata.KumaMetadata;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Map;

/**
 * The mesh an object belongs to, found as Kuma finds it: the object's {@code kuma.io/mesh} label, then
 * its annotation, then the namespace's label and annotation, else {@code default}.
 */
public final class MeshOf {
  private MeshOf() {}

  public static String of(HasMetadata object, Namespace namespace) {
    String mesh = value(object.getMetadata().getLabels());
    if (mesh == null) mesh = value(object.getMetadata().getAnnotations());
    if (mesh == null && namespace != null) mesh = value(namespace.getMetadata().getLabels());
    if (mesh == null && namespace != null) mesh = value(namespace.getMetadata().getAnnotations());
    return mesh == null ? KumaMetadata.DEFAULT_MESH : mesh;
  }

  private static String value(Map<String, String> map) {
    if (map == null) return null;
    String v = map.get(KumaMetadata.MESH);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
