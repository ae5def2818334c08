package dev.atrium.core.validation;

import dev.atrium.core.model.route.BackendRef;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kuma's common ValidateTargetRef (validators.go): the kind must be one the field supports, and each
 * kind allows only its own fields. Works on the fields shared by TargetRef and BackendRef.
 */
final class TargetRefRules {
  private TargetRefRules() {}

  static final String MESH = "Mesh";
  static final String MESH_SUBSET = "MeshSubset";
  static final String MESH_GATEWAY = "MeshGateway";
  static final String MESH_SERVICE = "MeshService";
  static final String MESH_SERVICE_SUBSET = "MeshServiceSubset";
  static final String MESH_EXTERNAL_SERVICE = "MeshExternalService";
  static final String MESH_MULTI_ZONE_SERVICE = "MeshMultiZoneService";
  static final String MESH_HTTP_ROUTE = "MeshHTTPRoute";
  static final String DATAPLANE = "Dataplane";

  /** Every kind Kuma 2.14's TargetRef enum knows; anything else fails its schema. */
  private static final Set<String> KNOWN_KINDS = Set.of(MESH, MESH_SUBSET, MESH_GATEWAY, MESH_SERVICE,
      MESH_SERVICE_SUBSET, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE, MESH_HTTP_ROUTE, DATAPLANE);

  /** Gateway API routes whose backend cannot be resolved point at this name; Kuma lets it through. */
  static final String UNRESOLVED_BACKEND = "kuma.io/unresolved-backend";

  private static final Pattern NAME = Pattern.compile("^[0-9a-z.\\-_]*$");

  /** The fields of a reference, whichever record carries them. */
  record Ref(String kind, String name, String namespace, String mesh, Map<String, String> tags,
      Map<String, String> labels, List<String> proxyTypes, String sectionName) {
    static Ref of(TargetRef t) {
      return new Ref(t.kind(), t.name(), t.namespace(), t.mesh(), t.tags(), t.labels(), t.proxyTypes(), t.sectionName());
    }

    static Ref of(BackendRef b) {
      return new Ref(b.kind(), b.name(), b.namespace(), b.mesh(), b.tags(), b.labels(), b.proxyTypes(), b.sectionName());
    }
  }

  /**
   * @param listenerTagsAllowed a route's top-level MeshGateway reference may select listeners by tags
   */
  static void check(Violations v, FieldPath path, Ref ref, List<String> supportedKinds, boolean listenerTagsAllowed) {
    check(v, path, ref, supportedKinds, listenerTagsAllowed, false);
  }

  /**
   * @param inboundPolicy a policy about a proxy's inbounds (MeshTrafficPermission), whose Dataplane
   *     reference may name one inbound by {@code sectionName}
   */
  static void check(Violations v, FieldPath path, Ref ref, List<String> supportedKinds, boolean listenerTagsAllowed,
      boolean inboundPolicy) {
    String kind = ref.kind();
    if (kind == null || kind.isEmpty()) {
      v.add(path.field("kind"), "must be defined");
      return;
    }
    if (!KNOWN_KINDS.contains(kind)) {
      v.add(path.field("kind"), "value '" + kind + "' is not supported");
      return;
    }
    if (!supportedKinds.contains(kind)) {
      v.add(path.field("kind"), "value is not supported");
      return;
    }
    boolean hasLabels = !ref.labels().isEmpty();
    switch (kind) {
      case MESH -> {
        if (set(ref.name())) v.add(path.field("name"), "using name with kind Mesh is not yet supported");
        disallow(v, path, kind, "mesh", set(ref.mesh()));
        disallow(v, path, kind, "tags", !ref.tags().isEmpty());
        disallow(v, path, kind, "labels", hasLabels);
        disallow(v, path, kind, "namespace", set(ref.namespace()));
        disallow(v, path, kind, "sectionName", set(ref.sectionName()));
      }
      case DATAPLANE -> {
        disallow(v, path, kind, "tags", !ref.tags().isEmpty());
        disallow(v, path, kind, "mesh", set(ref.mesh()));
        disallow(v, path, kind, "proxyTypes", !ref.proxyTypes().isEmpty());
        if (hasLabels && (set(ref.name()) || set(ref.namespace()))) {
          v.add(path.field("labels"), "either labels or name and namespace must be specified");
        }
        // Routes are outbound policies; a section of a Dataplane names one of its inbounds.
        if (!inboundPolicy && set(ref.sectionName())) {
          v.add(path.field("sectionName"), "can only be used with inbound policies");
        }
      }
      case MESH_SUBSET -> {
        disallow(v, path, kind, "name", set(ref.name()));
        disallow(v, path, kind, "mesh", set(ref.mesh()));
        TagRules.tags(v, path.field("tags"), ref.tags(), TagRules.Options.NONE);
        disallow(v, path, kind, "labels", hasLabels);
        disallow(v, path, kind, "namespace", set(ref.namespace()));
        disallow(v, path, kind, "sectionName", set(ref.sectionName()));
      }
      case MESH_SERVICE, MESH_HTTP_ROUTE -> {
        name(v, path, ref.name());
        disallow(v, path, kind, "mesh", set(ref.mesh()));
        disallow(v, path, kind, "tags", !ref.tags().isEmpty());
        disallow(v, path, kind, "proxyTypes", !ref.proxyTypes().isEmpty());
        if (!hasLabels && !set(ref.name())) v.add(path.field("name"), "must be set with kind " + kind);
        if (hasLabels && (set(ref.name()) || set(ref.namespace()))) {
          v.add(path.field("labels"), "either labels or name and namespace must be specified");
        }
        if (hasLabels && set(ref.sectionName())) {
          v.add(path.field("sectionName"), "sectionName should not be combined with labels");
        }
      }
      case MESH_SERVICE_SUBSET, MESH_GATEWAY -> {
        if (!set(ref.name())) v.add(path.field("name"), "must be set with kind " + kind);
        name(v, path, ref.name());
        disallow(v, path, kind, "mesh", set(ref.mesh()));
        disallow(v, path, kind, "proxyTypes", !ref.proxyTypes().isEmpty());
        TagRules.selector(v, path.field("tags"), ref.tags(), TagRules.Options.NONE);
        if (kind.equals(MESH_GATEWAY) && !listenerTagsAllowed) disallow(v, path, kind, "tags", !ref.tags().isEmpty());
        disallow(v, path, kind, "labels", hasLabels);
        disallow(v, path, kind, "namespace", set(ref.namespace()));
        disallow(v, path, kind, "sectionName", set(ref.sectionName()));
      }
      case MESH_EXTERNAL_SERVICE -> {
        name(v, path, ref.name());
        disallow(v, path, kind, "mesh", set(ref.mesh()));
        disallow(v, path, kind, "tags", !ref.tags().isEmpty());
        disallow(v, path, kind, "proxyTypes", !ref.proxyTypes().isEmpty());
        if (!hasLabels && !set(ref.name())) v.add(path.field("name"), "must be set with kind " + kind);
        if (hasLabels && set(ref.name())) v.add(path.field("labels"), "either labels or name must be specified");
        disallow(v, path, kind, "sectionName", set(ref.sectionName()));
      }
      default -> {
        // MeshMultiZoneService: no per-field rules in Kuma.
      }
    }
  }

  private static void name(Violations v, FieldPath path, String name) {
    if (name != null && !name.equals(UNRESOLVED_BACKEND) && !NAME.matcher(name).matches()) {
      v.add(path.field("name"), "invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'.");
    }
  }

  private static void disallow(Violations v, FieldPath path, String kind, String field, boolean isSet) {
    if (isSet) v.add(path.field(field), "must not be set with kind " + kind);
  }

  private static boolean set(String s) {
    return s != null && !s.isEmpty();
  }
}
