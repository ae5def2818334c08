package dev.atrium.core.k8s.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.atrium.core.codec.ResourceEncoder;
import dev.atrium.core.model.ResourceKind;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The CustomResourceDefinition of a {@code kuma.io/v1alpha1} kind, generated from the model so that
 * the API server accepts exactly the shapes Atrium's codec reads and writes. The files in
 * {@code deploy/k8s/crds/} are this class's output, kept identical by {@code CrdGoldenTest}.
 *
 * <p>Object shapes are Kuma's on Kubernetes: the older kinds (Mesh, Dataplane, MeshGateway,
 * MeshGatewayRoute, DataplaneInsight) carry the mesh in a top-level {@code mesh} field beside
 * {@code spec}; the policy-style kinds (MeshHTTPRoute, MeshTCPRoute, MeshGatewayInstance) carry it in
 * the {@code kuma.io/mesh} label. Scopes are {@link ResourceKind#k8sScope()}.
 */
public final class CrdGenerator {
  private CrdGenerator() {}

  public static final String GROUP = "kuma.io";
  public static final String VERSION = "v1alpha1";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Quoted where YAML would misread ("True"), lines never folded, so the files read like hand-written ones. */
  private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build())
      .build();

  /** {@code meshgateways}: the collection without dashes, as Kuma's CRDs name them. */
  public static String plural(ResourceKind kind) {
    return kind.collection().replace("-", "");
  }

  /** {@code meshgateways.kuma.io}, the CRD's metadata.name. */
  public static String crdName(ResourceKind kind) {
    return plural(kind) + "." + GROUP;
  }

  /** {@code kuma.io_meshgateways.yaml}, the file under deploy/k8s/crds (Kuma's file naming). */
  public static String fileName(CrdKind crd) {
    return GROUP + "_" + plural(crd.kind()) + ".yaml";
  }

  /** The CRD as YAML, with a header saying where it comes from. */
  public static String toYaml(CrdKind crd) {
    try {
      return "# Generated from the Atrium model (libs/core dev.atrium.core.model) by dev.atrium.core.k8s.crd.CrdGenerator.\n"
          + "# Do not edit: change the model and run UPDATE_GOLDEN_FILES=true mvn -o test -pl libs/core -Dtest=CrdGoldenTest\n"
          + YAML.writeValueAsString(generate(crd));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode generate(CrdKind crd) {
    ResourceKind kind = crd.kind();
    ObjectNode out = NODES.objectNode();
    out.put("apiVersion", "apiextensions.k8s.io/v1");
    out.put("kind", "CustomResourceDefinition");
    ObjectNode metadata = out.putObject("metadata");
    metadata.put("name", crdName(kind));
    metadata.putObject("labels").put("app.kubernetes.io/part-of", "atrium");

    ObjectNode spec = out.putObject("spec");
    spec.put("group", GROUP);
    ObjectNode names = spec.putObject("names");
    names.put("kind", kind.typeName());
    names.put("listKind", kind.typeName() + "List");
    names.put("plural", plural(kind));
    names.put("singular", kind.typeName().toLowerCase(Locale.ROOT));
    if (!crd.shortNames().isEmpty()) crd.shortNames().forEach(names.putArray("shortNames")::add);
    names.putArray("categories").add("kuma");
    spec.put("scope", kind.k8sScope() == ResourceKind.K8sScope.CLUSTER ? "Cluster" : "Namespaced");

    ObjectNode version = spec.putArray("versions").addObject();
    version.put("name", VERSION);
    version.put("served", true);
    version.put("storage", true);
    if (crd.statusType() != null) version.putObject("subresources").putObject("status");
    ArrayNode columns = version.putArray("additionalPrinterColumns");
    for (CrdKind.PrinterColumn c : crd.printerColumns()) {
      ObjectNode column = columns.addObject();
      column.put("name", c.name());
      column.put("type", c.type());
      column.put("jsonPath", c.jsonPath());
      if (c.description() != null) column.put("description", c.description());
    }
    version.putObject("schema").set("openAPIV3Schema", objectSchema(crd));
    return out;
  }

  private static ObjectNode objectSchema(CrdKind crd) {
    ResourceKind kind = crd.kind();
    SchemaWalker walker = new SchemaWalker();
    ObjectNode root = NODES.objectNode();
    root.put("description", crd.description());
    root.put("type", "object");
    ObjectNode properties = root.putObject("properties");
    properties.set("apiVersion", described("string", "Always " + ResourceKind.API_VERSION + "."));
    properties.set("kind", described("string", "The kind, " + kind.typeName() + "."));
    properties.putObject("metadata").put("type", "object");
    if (kind.shape() == ResourceKind.Shape.FLAT && kind.isMeshScoped()) {
      properties.set("mesh", described("string", "The mesh this resource belongs to; absent means \"default\"."));
    }
    String body = ResourceEncoder.kubernetesBodyField(kind);
    properties.set(body, SchemaWalker.withDescription(bodyDescription(kind, body), walker.schemaOf(kind.specClass())));
    if (crd.statusType() != null) {
      ObjectNode status = walker.schemaOf(crd.statusType());
      if (status.path("properties").get("conditions") instanceof ObjectNode conditions) {
        // Conditions merge by type under server-side apply, as in Kubernetes' own types.
        conditions.put("x-kubernetes-list-type", "map");
        conditions.putArray("x-kubernetes-list-map-keys").add("type");
      }
      properties.set("status", SchemaWalker.withDescription("Written by the control plane.", status));
    }
    return root;
  }

  private static String bodyDescription(ResourceKind kind, String body) {
    return body.equals("status")
        ? "The " + kind.typeName() + " itself; Kuma keeps it under status because only the control plane writes it."
        : "The " + kind.typeName() + "'s specification.";
  }

  private static ObjectNode described(String type, String description) {
    ObjectNode out = NODES.objectNode();
    out.put("description", description);
    out.put("type", type);
    return out;
  }
}
