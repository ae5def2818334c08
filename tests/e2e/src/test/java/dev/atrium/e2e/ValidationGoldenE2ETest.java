package dev.atrium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.DocumentParser;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.http.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden validation suite of libs/core, end to end: every invalid resource is refused by the
 * REST API with exactly the golden violations (400, Kuma's error JSON), and by atriumctl with a
 * non-zero exit and every field path on stderr. Nothing of it is stored.
 */
class ValidationGoldenE2ETest extends WithStore {
  static final Path CASES = RepoPaths.root().resolve("libs/core/src/test/resources/validation");


  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(CASES)) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".in.yaml"))
          .map(n -> n.substring(0, n.length() - ".in.yaml".length())).sorted().toList();
      assertThat(names).as("golden validation cases").hasSizeGreaterThanOrEqualTo(40);
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void restRefusesWithTheGoldenViolations(String name) throws IOException {
    String input = Files.readString(CASES.resolve(name + ".in.yaml"));
    List<Expected> expected = expected(name);
    Http.Reply before = Http.get(urlFor(input));
    Http.Reply reply = Http.put(urlFor(input), input, "application/yaml");

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    List<Expected> actual = new ArrayList<>();
    reply.json().get("invalid_parameters").forEach(p -> actual.add(new Expected(p.get("field").asText(), p.get("reason").asText())));
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    // A bad resource never replaces a good one (some cases break the auto-created "default" Mesh).
    Http.Reply after = Http.get(urlFor(input));
    assertThat(after.status()).as("nothing stored").isEqualTo(before.status());
    assertThat(after.body()).as("nothing changed").isEqualTo(before.body());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void atriumctlRefusesWithEveryFieldPath(String name) throws IOException {
    Path input = CASES.resolve(name + ".in.yaml");
    Atriumctl.Result r = Atriumctl.run(store.apiUrl(), "apply", "-f", input.toString());
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
    for (Expected e : expected(name)) {
      assertThat(r.stderr()).as("stderr names " + e.field()).contains(e.field().isEmpty() ? e.message() : e.field());
    }
  }

  record Expected(String field, String message) {}

  private static List<Expected> expected(String name) throws IOException {
    JsonNode list = Mappers.YAML.readTree(Files.readString(CASES.resolve(name + ".violations.yaml")));
    List<Expected> out = new ArrayList<>();
    list.forEach(v -> out.add(new Expected(v.get("field").asText(), v.get("message").asText())));
    return out;
  }

  /**
   * Where a user would PUT this document: the URL is derived from the raw document, since it does
   * not decode. Unknown or missing kinds go to a real collection, where the body is refused.
   */
  private static String urlFor(String input) {
    JsonNode doc = DocumentParser.parseOne(input);
    boolean k8s = doc.has("apiVersion");
    String type = doc.path(k8s ? "kind" : "type").asText("");
    ResourceKind kind = ResourceKind.byTypeName(type).orElse(ResourceKind.MESH_GATEWAY);
    String name = k8s ? doc.path("metadata").path("name").asText("") : doc.path("name").asText("");
    if (k8s && kind.k8sScope() == ResourceKind.K8sScope.NAMESPACED && doc.path("metadata").has("namespace")) {
      name = name + "." + doc.path("metadata").path("namespace").asText();
    }
    if (name.isEmpty()) name = "unnamed";
    String mesh = doc.path("mesh").asText("default");
    return kind.isMeshScoped()
        ? store.apiUrl() + "/meshes/" + (mesh.isEmpty() ? "default" : mesh) + "/" + kind.collection() + "/" + name
        : store.apiUrl() + "/" + kind.collection() + "/" + name;
  }
}
