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
    out.set(kubernetesBodyField(r.kind()), specTree(r));
    return out;
  }

  /**
   * Where the Kubernetes form keeps the spec: {@code spec}, except DataplaneInsight, which Kuma keeps
   * under {@code status} (only the control plane writes it). The CRDs follow the same rule.
   */
  public static String kubernetesBodyField(ResourceKind kind) {
    return kind == ResourceKind.DATAPLANE_INSIGHT ? "status" : "spec";
  }

  /**
   * The spec alone, as the store keeps it. Built from the JSON text rather than with valueToTree so that
   * bytes are base64 text nodes: a binary node would reach YAML as a {@code !!binary} tag, which Go's
   * YAML readers (kubectl, kumactl) decode to raw bytes, so the API server would see the PEM, not base64.
   */
  public static ObjectNode specTree(Resource r) {
    try {
      return (ObjectNode) Mappers.JSON.readTree(Mappers.JSON.writeValueAsBytes(r.spec()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
