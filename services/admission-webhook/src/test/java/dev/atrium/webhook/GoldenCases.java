package dev.atrium.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.testing.RepoPaths;
import dev.atrium.webhook.admission.Verdict;
import dev.atrium.webhook.metadata.NamespaceInfo;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The golden cases of one webhook: {@code NNN-name.in.yaml} (the namespace, the object, sometimes
 * more) next to {@code NNN-name.out.yaml} (the verdict, the JSON Patch, and the object with the patch
 * applied as the API server applies it).
 */
public final class GoldenCases {
  private GoldenCases() {}

  public static Path dir(String name) {
    return RepoPaths.root().resolve("services/admission-webhook/src/test/resources/" + name);
  }

  public static List<Path> inputs(String name) {
    try (Stream<Path> files = Files.list(dir(name))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".in.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path output(Path input) {
    return input.resolveSibling(input.getFileName().toString().replace(".in.yaml", ".out.yaml"));
  }

  public static JsonNode read(Path file) {
    try {
      return Mappers.YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static NamespaceInfo namespace(JsonNode c) {
    JsonNode ns = c.path("namespace");
    return new NamespaceInfo(ns.path("name").asText("demo"), strings(ns.path("labels")), strings(ns.path("annotations")));
  }

  /** The object with the verdict's patch applied (itself when nothing is patched). */
  public static JsonNode applied(JsonNode object, Verdict verdict) {
    if (verdict instanceof Verdict.Patch p) return JsonPatch.apply(p.patch().toJson(), object);
    return object;
  }

  /** What the golden output file holds for {@code verdict} on {@code object}. */
  public static String render(JsonNode object, Verdict verdict) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("outcome", verdict.outcome());
    if (verdict instanceof Verdict.Allow a) {
      out.put("note", a.note());
      if (!a.warnings().isEmpty()) a.warnings().forEach(out.putArray("warnings")::add);
    } else if (verdict instanceof Verdict.Patch p) {
      out.put("note", p.note());
      out.set("patch", p.patch().toJson());
      out.set("result", applied(object, verdict));
    } else {
      Verdict.Refuse r = (Verdict.Refuse) verdict;
      out.put("code", r.code()).put("reason", r.reason()).put("message", r.message());
      r.causes().forEach(c -> out.withArray("causes").addObject().put("field", c.field()).put("message", c.message()));
    }
    try {
      return Mappers.YAML.writeValueAsString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> strings(JsonNode map) {
    Map<String, String> out = new HashMap<>();
    map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
