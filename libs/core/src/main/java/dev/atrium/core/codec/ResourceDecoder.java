package dev.atrium.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.validation.FieldPath;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON tree to {@link Resource}, in either form Kuma users write:
 * <ul>
 *   <li>universal: {@code type}, {@code mesh}, {@code name}, {@code labels} and the spec (top-level
 *       fields for FLAT kinds, under {@code spec} for WRAPPED ones);
 *   <li>Kubernetes: {@code apiVersion: kuma.io/v1alpha1}, {@code kind}, {@code metadata}, {@code spec}
 *       (and {@code mesh} for FLAT kinds; the {@code kuma.io/mesh} label for WRAPPED ones); a
 *       DataplaneInsight has {@code status} where the others have {@code spec}, as in Kuma.
 * </ul>
 * Every problem found is reported at once, each with its field path. Semantic checks are the
 * Validator's job; this class only checks shape.
 */
public final class ResourceDecoder {
  private ResourceDecoder() {}

  public static final String DEFAULT_MESH = "default";
  public static final String LABEL_MESH = "kuma.io/mesh";
  public static final String LABEL_NAMESPACE = "k8s.kuma.io/namespace";
  public static final String LABEL_DISPLAY_NAME = "kuma.io/display-name";

  /** Fields of the universal envelope; read-only ones (times, kri) are accepted and ignored. */
  private static final Set<String> UNIVERSAL_ENVELOPE =
      Set.of("type", "mesh", "name", "labels", "creationTime", "modificationTime", "kri");

  /** Fields of Kubernetes ObjectMeta that may appear in manifests exported from a cluster. */
  private static final Set<String> K8S_METADATA = Set.of("name", "namespace", "labels", "annotations",
      "creationTimestamp", "resourceVersion", "uid", "generation", "managedFields", "finalizers",
      "ownerReferences", "generateName", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

  public static Resource decode(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new InvalidResourceException("", "a resource must be an object (mapping)");
    }
    ObjectNode doc = (ObjectNode) tree;
    return doc.has("apiVersion") || (doc.has("kind") && !doc.has("type")) ? decodeKubernetes(doc) : decodeUniversal(doc);
  }

  private static Resource decodeUniversal(ObjectNode doc) {
    List<Violation> violations = new ArrayList<>();
    ResourceKind kind = kindOf(doc, "type", violations);
    String name = text(doc, "name", violations);
    if (name == null || name.isEmpty()) violations.add(new Violation("name", "cannot be empty"));
    Map<String, String> labels = stringMap(doc.get("labels"), "labels", violations);
    if (kind == null) throw new InvalidResourceException(violations);

    String mesh = meshOf(kind, text(doc, "mesh", violations), doc.has("mesh"), "mesh", violations);
    ObjectNode specTree;
    if (kind.shape() == ResourceKind.Shape.FLAT) {
      specTree = doc.deepCopy();
      specTree.remove(UNIVERSAL_ENVELOPE);
    } else {
      for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!UNIVERSAL_ENVELOPE.contains(f) && !f.equals("spec") && !f.equals("status")) {
          violations.add(new Violation(f, "unknown field \"" + f + "\""));
        }
      }
      specTree = objectOrEmpty(doc.get("spec"), "spec", violations);
    }
    ResourceSpec spec = bindSpec(kind, specTree, FieldPath.of(kind.fieldPrefix()), violations);
    if (!violations.isEmpty()) throw new InvalidResourceException(violations);
    return new Resource(kind, new ResourceMeta(mesh, name, labels, null, null, 0), spec);
  }

  private static Resource decodeKubernetes(ObjectNode doc) {
    List<Violation> violations = new ArrayList<>();
    String apiVersion = text(doc, "apiVersion", violations);
    if (!ResourceKind.API_VERSION.equals(apiVersion)) {
      violations.add(new Violation("apiVersion", "must be " + ResourceKind.API_VERSION + ", got \"" + apiVersion + "\""));
    }
    ResourceKind kind = kindOf(doc, "kind", violations);
    for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      boolean allowed = Set.of("apiVersion", "kind", "metadata", "spec", "status").contains(f)
          || (f.equals("mesh") && kind != null && kind.shape() == ResourceKind.Shape.FLAT);
      // A DataplaneInsight's body is its status (as in Kuma); a spec beside it would be ignored.
      if (f.equals("spec") && kind == ResourceKind.DATAPLANE_INSIGHT) allowed = false;
      if (!allowed) violations.add(new Violation(f, "unknown field \"" + f + "\""));
    }
    ObjectNode metadata = objectOrEmpty(doc.get("metadata"), "metadata", violations);
    for (Iterator<String> it = metadata.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!K8S_METADATA.contains(f)) violations.add(new Violation("metadata." + f, "unknown field \"" + f + "\""));
    }
    String name = text(metadata, "name", violations);
    if (name == null || name.isEmpty()) violations.add(new Violation("metadata.name", "cannot be empty"));
    String namespace = text(metadata, "namespace", violations);
    Map<String, String> labels = new LinkedHashMap<>(stringMap(metadata.get("labels"), "metadata.labels", violations));
    if (kind == null) throw new InvalidResourceException(violations);

    String mesh = kind.shape() == ResourceKind.Shape.FLAT
        ? meshOf(kind, text(doc, "mesh", violations), doc.has("mesh"), "mesh", violations)
        : meshOf(kind, labels.get(LABEL_MESH), false, "metadata.labels[\"" + LABEL_MESH + "\"]", violations);
    // The mesh is meta.mesh(); keeping the label too would make the two forms decode differently.
    if (kind.shape() == ResourceKind.Shape.WRAPPED) labels.remove(LABEL_MESH);
    String storeName = name;
    if (kind.k8sScope() == ResourceKind.K8sScope.NAMESPACED && namespace != null && !namespace.isEmpty()) {
      // Kuma's convention: a namespaced object is known to the rest of the mesh as name.namespace.
      storeName = name + "." + namespace;
      labels.put(LABEL_NAMESPACE, namespace);
      labels.put(LABEL_DISPLAY_NAME, name);
    }
    String body = ResourceEncoder.kubernetesBodyField(kind);
    ObjectNode specTree = objectOrEmpty(doc.get(body), body, violations);
    ResourceSpec spec = bindSpec(kind, specTree, FieldPath.of(body), violations);
    if (!violations.isEmpty()) throw new InvalidResourceException(violations);
    return new Resource(kind, new ResourceMeta(mesh, storeName, labels, null, null, 0), spec);
  }

  /** Binds a spec tree to the kind's record, collecting shape errors with their paths. */
  static ResourceSpec bindSpec(ResourceKind kind, ObjectNode specTree, FieldPath base, List<Violation> violations) {
    List<Violation> nulls = new ArrayList<>();
    ObjectNode cleaned = NullCleaner.clean(specTree, base, nulls);
    violations.addAll(nulls);
    if (!nulls.isEmpty()) return null;
    UnknownFieldCollector unknown = new UnknownFieldCollector(base);
    try {
      ResourceSpec spec = Mappers.JSON.readerFor(kind.specClass()).withHandler(unknown).treeToValue(cleaned, kind.specClass());
      violations.addAll(unknown.violations());
      return unknown.violations().isEmpty() ? spec : null;
    } catch (Exception e) {
      violations.addAll(unknown.violations());
      violations.add(BindingErrors.toViolation(base, e));
      return null;
    }
  }

  private static ResourceKind kindOf(ObjectNode doc, String field, List<Violation> violations) {
    String type = text(doc, field, violations);
    if (type == null || type.isEmpty()) {
      violations.add(new Violation(field, "cannot be empty"));
      return null;
    }
    return ResourceKind.byTypeName(type).orElseGet(() -> {
      violations.add(new Violation(field, "unknown resource type \"" + type + "\"; Atrium serves "
          + java.util.Arrays.stream(ResourceKind.values()).map(ResourceKind::typeName).toList()));
      return null;
    });
  }

  private static String meshOf(ResourceKind kind, String mesh, boolean present, String field, List<Violation> violations) {
    if (!kind.isMeshScoped()) {
      if (present) violations.add(new Violation(field, "must not be set: " + kind.typeName() + " is not inside a mesh"));
      return null;
    }
    return mesh == null || mesh.isEmpty() ? DEFAULT_MESH : mesh;
  }

  private static String text(ObjectNode node, String field, List<Violation> violations) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) {
      violations.add(new Violation(field, "must be a string"));
      return null;
    }
    return v.asText();
  }

  private static ObjectNode objectOrEmpty(JsonNode node, String field, List<Violation> violations) {
    if (node == null || node.isNull()) return Mappers.JSON.createObjectNode();
    if (!node.isObject()) {
      violations.add(new Violation(field, "must be an object"));
      return Mappers.JSON.createObjectNode();
    }
    return (ObjectNode) node;
  }

  private static Map<String, String> stringMap(JsonNode node, String field, List<Violation> violations) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) return out;
    if (!node.isObject()) {
      violations.add(new Violation(field, "must be an object"));
      return out;
    }
    node.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode()) {
        out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
      } else {
        violations.add(new Violation(field + "[\"" + e.getKey() + "\"]", "must be a string"));
      }
    });
    return out;
  }
}
