package dev.atrium.store.backend.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.codec.ResourceDecoder;
import dev.atrium.core.codec.ResourceEncoder;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.core.validation.Validator;
import dev.atrium.core.validation.Violation;
import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoredResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Kubernetes objects to stored resources and back, through libs/core's codec so that the mapping is
 * Kuma's (ADR 0003): a namespaced object {@code name} in namespace {@code ns} is the resource
 * {@code name.ns} with the labels {@code kuma.io/display-name} and {@code k8s.kuma.io/namespace}.
 * A resource written through the REST API without those labels goes to the system namespace under
 * its own name, marked with {@value #UNIVERSAL_NAME} so that it reads back under that name.
 *
 * <p>Objects are checked as the REST API checks writes (shape and Kuma's rules; references to secrets
 * are not resolved, since watches of different kinds deliver in no common order): an object written
 * around the validating webhook that fails is reported as invalid, never stored.
 */
final class ObjectCodec {
  static final String UNIVERSAL_NAME = "atrium.dev/universal-name";
  static final String CREATION_TIME = "atrium.dev/creation-time";
  static final String MODIFICATION_TIME = "atrium.dev/modification-time";

  private static final Validator VALIDATOR = new Validator(SecretLookup.unavailable());

  private final KubernetesSerialization serialization;
  private final String systemNamespace;

  ObjectCodec(KubernetesSerialization serialization, String systemNamespace) {
    this.serialization = serialization;
    this.systemNamespace = systemNamespace;
  }

  String systemNamespace() {
    return systemNamespace;
  }

  /** Where a resource's object lives. {@code namespace} is null for cluster-scoped kinds. */
  record Placement(String namespace, String name, boolean universalName) {
    String id() {
      return namespace == null ? name : namespace + "/" + name;
    }

    static Placement ofId(String id, boolean universalName) {
      int slash = id.indexOf('/');
      return slash < 0 ? new Placement(null, id, false) : new Placement(id.substring(0, slash), id.substring(slash + 1), universalName);
    }
  }

  Placement placement(KubeKind kind, ResourceKey key, Map<String, String> labels) {
    if (kind.isSecret()) return new Placement(systemNamespace, key.name(), false);
    if (!kind.isNamespaced()) return new Placement(null, key.name(), false);
    String namespace = labels.get(ResourceDecoder.LABEL_NAMESPACE);
    String display = labels.get(ResourceDecoder.LABEL_DISPLAY_NAME);
    if (namespace != null && display != null && key.name().equals(display + "." + namespace)) {
      return new Placement(namespace, display, false);
    }
    return new Placement(systemNamespace, key.name(), true);
  }

  /** The object's identity and revision, and the resource it holds if it is a valid one. */
  Observed observe(KubeKind kind, GenericKubernetesResource object) {
    ObjectNode tree = tree(object);
    JsonNode metadata = tree.path("metadata");
    String namespace = metadata.path("namespace").asText("");
    String name = metadata.path("name").asText();
    String id = namespace.isEmpty() ? name : namespace + "/" + name;
    long revision = Long.parseLong(metadata.path("resourceVersion").asText("0"));
    try {
      Resource r = kind.isSecret() ? ResourceCodec.decode(universalSecret(kind.kind(), tree)) : ResourceCodec.decode(tree);
      List<Violation> violations = VALIDATOR.validate(r);
      if (!violations.isEmpty()) throw new InvalidResourceException(violations);
      Map<String, String> labels = new TreeMap<>(r.meta().labels());
      String storeName = r.name();
      if (metadata.path("annotations").path(UNIVERSAL_NAME).asText("").equals("true") && namespace.equals(systemNamespace)) {
        storeName = name;
        // The codec derived these two from the object's name and namespace; under a universal name they
        // are the writer's own, if any (a synced copy's kuma.io/display-name is its original's name).
        for (String label : List.of(ResourceDecoder.LABEL_NAMESPACE, ResourceDecoder.LABEL_DISPLAY_NAME)) {
          JsonNode own = metadata.path("labels").path(label);
          if (own.isTextual()) labels.put(label, own.asText());
          else labels.remove(label);
        }
      }
      Instant created = time(metadata.path("annotations").path(CREATION_TIME), metadata.path("creationTimestamp"));
      Instant modified = metadata.path("annotations").has(MODIFICATION_TIME)
          ? time(metadata.path("annotations").path(MODIFICATION_TIME), metadata.path("creationTimestamp"))
          : newestManagedFieldsTime(metadata, created);
      ResourceKey key = new ResourceKey(kind.typeName(), r.kind().isMeshScoped() ? r.mesh() : "", storeName);
      return new Observed(id, revision,
          new StoredResource(key, revision, created, modified, labels, ResourceCodec.encodeSpec(r.spec())), null);
    } catch (InvalidResourceException e) {
      String problem = e.violations().stream()
          .map(v -> (v.field().isEmpty() ? "" : v.field() + ": ") + v.message()).collect(Collectors.joining("; "));
      return new Observed(id, revision, null, problem);
    } catch (RuntimeException e) {
      return new Observed(id, revision, null, String.valueOf(e.getMessage()));
    }
  }

  /**
   * The object for a write: Kuma's Kubernetes form of the resource, keeping from {@code existing}
   * what others put there (annotations, finalizers, owner references, a status) and its resourceVersion
   * (the update's precondition).
   */
  GenericKubernetesResource toObject(KubeKind kind, ResourceKey key, Map<String, String> labels, String json,
      Placement placement, GenericKubernetesResource existing, Instant now) {
    ResourceKind rk = kind.kind();
    ObjectNode spec = (ObjectNode) parse(ResourceCodec.encodeSpec(ResourceCodec.decodeSpec(rk, json)));
    ObjectNode out = existing == null ? Mappers.JSON.createObjectNode() : tree(existing);
    ObjectNode metadata = out.has("metadata") ? (ObjectNode) out.get("metadata") : out.putObject("metadata");
    metadata.put("name", placement.name());
    if (placement.namespace() != null) metadata.put("namespace", placement.namespace());
    Map<String, String> objectLabels = new TreeMap<>(labels);
    if (placement.namespace() != null && !placement.universalName() && !kind.isSecret()) {
      // Kuma's mapping: the object's name and namespace say these. Elsewhere (cluster-scoped kinds, universal
      // names, secrets) they are the writer's labels and stay: a synced copy keeps its original's name.
      objectLabels.remove(ResourceDecoder.LABEL_NAMESPACE);
      objectLabels.remove(ResourceDecoder.LABEL_DISPLAY_NAME);
    }
    if (rk == ResourceKind.SECRET || (rk.isMeshScoped() && rk.shape() == ResourceKind.Shape.WRAPPED)) {
      objectLabels.put(ResourceDecoder.LABEL_MESH, key.mesh());
    }
    metadata.set("labels", Mappers.JSON.valueToTree(objectLabels));
    metadata.remove("managedFields"); // the server keeps those
    ObjectNode annotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations");
    Instant created = existing == null ? now : time(annotations.path(CREATION_TIME), metadata.path("creationTimestamp"));
    annotations.put(CREATION_TIME, created.toString());
    annotations.put(MODIFICATION_TIME, now.toString());
    if (placement.universalName()) annotations.put(UNIVERSAL_NAME, "true");
    else annotations.remove(UNIVERSAL_NAME);
    if (kind.isSecret()) {
      out.put("apiVersion", "v1");
      out.put("kind", "Secret");
      out.put("type", kind.secretType());
      out.putObject("data").put("value", spec.path("data").asText(""));
    } else {
      out.put("apiVersion", ResourceKind.API_VERSION);
      out.put("kind", rk.typeName());
      if (rk.isMeshScoped() && rk.shape() == ResourceKind.Shape.FLAT) out.put("mesh", key.mesh());
      out.set(ResourceEncoder.kubernetesBodyField(rk), spec);
    }
    return serialization.unmarshal(out.toString(), GenericKubernetesResource.class);
  }

  /**
   * Kuma's secret layout ({@code data.value}; a mesh Secret's mesh in the {@code kuma.io/mesh} label) as
   * a universal resource.
   */
  private static ObjectNode universalSecret(ResourceKind kind, ObjectNode object) {
    JsonNode metadata = object.path("metadata");
    ObjectNode labels = metadata.path("labels").isObject() ? ((ObjectNode) metadata.get("labels")).deepCopy()
        : Mappers.JSON.createObjectNode();
    JsonNode mesh = labels.remove(ResourceDecoder.LABEL_MESH);
    ObjectNode universal = Mappers.JSON.createObjectNode();
    universal.put("type", kind.typeName());
    if (kind.isMeshScoped()) universal.put("mesh", mesh == null ? ResourceDecoder.DEFAULT_MESH : mesh.asText());
    universal.put("name", metadata.path("name").asText());
    if (!labels.isEmpty()) universal.set("labels", labels);
    JsonNode value = object.path("data").path("value");
    if (!value.isTextual()) throw new InvalidResourceException("data.value", "a Kuma secret keeps its bytes in data.value");
    universal.set("data", value);
    return universal;
  }

  /** Without a modification annotation (written by kubectl, say): the newest write any field manager recorded. */
  private static Instant newestManagedFieldsTime(JsonNode metadata, Instant created) {
    Instant newest = created;
    for (JsonNode entry : metadata.path("managedFields")) {
      try {
        Instant t = Instant.parse(entry.path("time").asText());
        if (t.isAfter(newest)) newest = t;
      } catch (DateTimeParseException ignored) {
        // an entry without a time says nothing about when
      }
    }
    return newest;
  }

  private static Instant time(JsonNode annotation, JsonNode fallback) {
    try {
      if (annotation.isTextual()) return Instant.parse(annotation.asText());
    } catch (DateTimeParseException ignored) {
      // edited by hand: fall back to what Kubernetes recorded
    }
    return fallback.isTextual() ? Instant.parse(fallback.asText()) : Instant.EPOCH;
  }

  private ObjectNode tree(GenericKubernetesResource object) {
    return (ObjectNode) parse(serialization.asJson(object));
  }

  private static JsonNode parse(String json) {
    try {
      return Mappers.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
