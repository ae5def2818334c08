package dev.atrium.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.validation.FieldPath;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one entry point for reading and writing resources as text. Stage one of the pipeline:
 * {@code raw YAML/JSON ─► codec ─► Validator}.
 */
public final class ResourceCodec {
  private ResourceCodec() {}

  /** One resource from JSON or YAML text, in universal or Kubernetes form. */
  public static Resource decode(String text) {
    return ResourceDecoder.decode(DocumentParser.parseOne(text));
  }

  public static Resource decode(JsonNode tree) {
    return ResourceDecoder.decode(tree);
  }

  /** Every resource in a multi-document YAML stream; throws on the first document that is not valid. */
  public static List<Resource> decodeAll(String text) {
    List<Resource> out = new ArrayList<>();
    List<JsonNode> docs = DocumentParser.parseAll(text);
    for (int i = 0; i < docs.size(); i++) {
      try {
        out.add(ResourceDecoder.decode(docs.get(i)));
      } catch (InvalidResourceException e) {
        if (docs.size() == 1) throw e;
        int doc = i;
        List<Violation> prefixed = e.violations().stream()
            .map(v -> new Violation("document[" + doc + "]" + (v.field().isEmpty() ? "" : "." + v.field()), v.message()))
            .toList();
        throw new InvalidResourceException(prefixed);
      }
    }
    return out;
  }

  /** The spec in canonical JSON, as stored and as carried by the Store gRPC API. */
  public static String encodeSpec(ResourceSpec spec) {
    try {
      return Mappers.JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The inverse of {@link #encodeSpec}; stored specs were valid when written, so errors here are bugs. */
  public static ResourceSpec decodeSpec(ResourceKind kind, String json) {
    List<Violation> violations = new ArrayList<>();
    ObjectNode tree;
    try {
      tree = (ObjectNode) Mappers.JSON.readTree(json);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new InvalidResourceException("", "stored " + kind.typeName() + " spec is not a JSON object");
    }
    ResourceSpec spec = ResourceDecoder.bindSpec(kind, tree, FieldPath.of(kind.fieldPrefix()), violations);
    if (!violations.isEmpty()) throw new InvalidResourceException(violations);
    return spec;
  }

  public static String toJson(Resource r) {
    return write(ResourceEncoder.toUniversal(r), false);
  }

  public static String toYaml(Resource r) {
    return write(ResourceEncoder.toUniversal(r), true);
  }

  public static String toKubernetesYaml(Resource r) {
    return write(ResourceEncoder.toKubernetes(r), true);
  }

  public static String write(JsonNode tree, boolean yaml) {
    try {
      return yaml ? Mappers.YAML.writeValueAsString(tree) : Mappers.JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
