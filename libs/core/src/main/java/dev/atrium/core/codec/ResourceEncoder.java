package dev.atrium.core.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Resource} to JSON trees in Kuma's field order: the universal form the REST API serves
 * (meta, then kri, then the spec) and the Kubernetes form.
 */
public final class ResourceEncoder {
  private ResourceEncoder() {}

  public static ObjectNode toUniversal(Resource r) {
    ObjectNode out = Mappers.JSON.createObjectNode();
    ResourceMeta meta = r.meta();
    out.put("type", r.kind().typeName());
    if (r.kind().isMeshScoped()) out.put("mesh", meta.mesh());
    out.put("name", meta.name());
    if (meta.creationTime() != null) out.put("creationTime", meta.creationTime().toString());
    if (meta.modificationTime() != null) out.put("modificationTime", meta.modificationTime().toString());
    if (!meta.labels().isEmpty()) out.set("labels", Mappers.JSON.valueToTree(meta.labels()));
    if (!r.kind().shortName().isEmpty()) out.put("kri", kri(r));
    ObjectNode spec = specTree(r);
    if (r.kind().shape() == ResourceKind.Shape.FLAT) {
      out.setAll(spec);
    } else {
      out.set("spec", spec);
    }
    return out;
  }

  public static ObjectNode toKubernetes(Resource r) {
    ObjectNode out = Mappers.JSON.createObjectNode();
    ResourceMeta meta = r.meta();
    out.put("apiVersion", ResourceKind.API_VERSION);
    out.put("kind", r.kind().typeName());
    if (r.kind().shape() == ResourceKind.Shape.FLAT && r.kind().isMeshScoped()) out.put("mesh", meta.mesh());
    ObjectNode metadata = out.putObject("metadata");
    String namespace = meta.labels().get(ResourceDecoder.LABEL_NAMESPACE);
    metadata.put("name", displayName(meta));
    if (namespace != null && r.kind().k8sScope() == ResourceKind.K8sScope.NAMESPACED) {
      metadata.put("namespace", namespace);
    }
    Map<String, String> labels = new LinkedHashMap<>(meta.labels());
    labels.remove(ResourceDecoder.LABEL_NAMESPACE);
    labels.remove(ResourceDecoder.LABEL_DISPLAY_NAME);
    if (r.kind().shape() == ResourceKind.Shape.WRAPPED && r.kind().isMeshScoped()) {
      labels.put(ResourceDecoder.LABEL_MESH, meta.mesh());
    }
    if (!labels.isEmpty()) metadata.set("labels", Mappers.JSON.valueToTree(new java.util.TreeMap<>(labels)));
    if (meta.creationTime() != null) metadata.put("creationTimestamp", meta.creationTime().toString());
    out.set("spec", specTree(r));
    return out;
  }

  /** The spec alone, as the store keeps it. */
  public static ObjectNode specTree(Resource r) {
    return Mappers.JSON.valueToTree(r.spec());
  }

  /**
   * Kuma's resource identifier: {@code kri_<short>_<mesh>_<zone>_<namespace>_<name>_<section>}, with
   * empty parts kept so that the positions stay fixed.
   */
  public static String kri(Resource r) {
    ResourceMeta m = r.meta();
    return "kri_" + r.kind().shortName() + "_" + (m.mesh() == null ? "" : m.mesh()) + "_"
        + m.labels().getOrDefault("kuma.io/zone", "") + "_"
        + m.labels().getOrDefault(ResourceDecoder.LABEL_NAMESPACE, "") + "_" + displayName(m) + "_";
  }

  private static String displayName(ResourceMeta meta) {
    String display = meta.labels().get(ResourceDecoder.LABEL_DISPLAY_NAME);
    return display == null || display.isEmpty() ? meta.name() : display;
  }
}
