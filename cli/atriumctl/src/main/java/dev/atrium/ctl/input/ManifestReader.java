package dev.atrium.ctl.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.DocumentParser;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Input text to resources, checked on the client as kumactl does, so a broken manifest never
 * reaches the server. Each document is decoded on its own: one bad document in a stream must not
 * stop the good ones (ResourceCodec.decodeAll stops at the first error, which suits the server but
 * not {@code apply}).
 */
public final class ManifestReader {
  private final Function<Resource, List<Violation>> validator;

  /** @param validator normally {@code new Validator(...)::validate}; a function so tests can stand in for it */
  public ManifestReader(Function<Resource, List<Violation>> validator) {
    this.validator = validator;
  }

  public List<ManifestDocument> read(InputFiles.Source source) {
    List<JsonNode> trees;
    try {
      trees = DocumentParser.parseAll(source.text());
    } catch (InvalidResourceException e) {
      // A syntax error spoils the whole stream: the parser cannot tell where the next document starts.
      return List.of(ManifestDocument.invalid(source.name(), source.name(), e.violations()));
    }
    // An empty document (a comment alone, a trailing "---") comes back from the parser as "", not as
    // nothing; kubectl skips those, and so does apply.
    trees = trees.stream().filter(t -> !(t.isTextual() && t.asText().isBlank())).toList();
    List<ManifestDocument> out = new ArrayList<>();
    for (int i = 0; i < trees.size(); i++) {
      String origin = trees.size() == 1 ? source.name() : source.name() + " document " + (i + 1);
      out.add(readOne(origin, trees.get(i)));
    }
    return out;
  }

  private ManifestDocument readOne(String origin, JsonNode tree) {
    Resource resource;
    try {
      resource = ResourceCodec.decode(tree);
    } catch (InvalidResourceException e) {
      return ManifestDocument.invalid(origin, subjectOf(tree, origin), e.violations());
    }
    List<Violation> violations = validate(resource);
    return violations.isEmpty()
        ? ManifestDocument.valid(origin, resource)
        : ManifestDocument.invalid(origin, resource.describe(), violations);
  }

  /**
   * The server validates again, so a fault in the client-side check must not block a write: it is
   * treated as "nothing found" rather than as a verdict on the user's manifest.
   */
  private List<Violation> validate(Resource resource) {
    try {
      List<Violation> found = validator.apply(resource);
      return found == null ? List.of() : found;
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /**
   * Names an undecodable document as well as its text allows ("MeshGateway default/gw (gw.yaml)"),
   * so the user can find it among many.
   */
  static String subjectOf(JsonNode tree, String origin) {
    if (tree == null || !tree.isObject()) return origin;
    String type = firstText(tree.path("type"), tree.path("kind"));
    String name = firstText(tree.path("name"), tree.path("metadata").path("name"));
    if (type.isEmpty() || name.isEmpty()) return origin;
    String mesh = tree.path("mesh").asText("");
    return type + " " + (mesh.isEmpty() ? "" : mesh + "/") + name + " (" + origin + ")";
  }

  private static String firstText(JsonNode a, JsonNode b) {
    if (a.isTextual() && !a.asText().isEmpty()) return a.asText();
    return b.isTextual() ? b.asText() : "";
  }
}
