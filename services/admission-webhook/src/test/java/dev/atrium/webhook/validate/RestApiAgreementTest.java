package dev.atrium.webhook.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.core.validation.Validator;
import dev.atrium.core.validation.Violation;
import dev.atrium.testing.RepoPaths;
import dev.atrium.webhook.admission.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The webhook refuses what the REST API refuses, with the same messages: every case of libs/core's
 * validation golden files that decodes (the shape-error cases cannot be carried over to the Kubernetes
 * form) is written in its Kubernetes form, sent through the webhook's validator, and compared with the
 * violations the REST API reports, field for field, with the Kubernetes form's {@code spec.} prefix.
 * The Kubernetes form is made from the universal text, not by the encoder, which leaves out empty
 * values and would hide some violations.
 */
class RestApiAgreementTest {
  private final Validator validator = new Validator(SecretLookup.unavailable());
  private final KumaResourceValidator webhook = new KumaResourceValidator(validator);

  static Stream<Path> cases() throws IOException {
    Path dir = RepoPaths.root().resolve("libs/core/src/test/resources/validation");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".in.yaml")).sorted().toList().stream();
    }
  }

  /** The same document as kubectl would send it: apiVersion/kind/metadata/spec (and mesh for the older kinds). */
  static ObjectNode kubernetesForm(ObjectNode universal, ResourceKind kind) {
    ObjectNode k8s = Mappers.JSON.createObjectNode();
    k8s.put("apiVersion", ResourceKind.API_VERSION);
    k8s.put("kind", kind.typeName());
    ObjectNode metadata = k8s.putObject("metadata");
    metadata.set("name", universal.get("name"));
    ObjectNode labels = universal.has("labels") ? (ObjectNode) universal.get("labels").deepCopy() : Mappers.JSON.createObjectNode();
    if (kind.shape() == ResourceKind.Shape.FLAT) {
      if (universal.has("mesh")) k8s.set("mesh", universal.get("mesh"));
      ObjectNode spec = universal.deepCopy();
      spec.remove(List.of("type", "mesh", "name", "labels"));
      k8s.set("spec", spec);
    } else {
      if (universal.has("mesh")) labels.set("kuma.io/mesh", universal.get("mesh"));
      if (universal.has("spec")) k8s.set("spec", universal.get("spec"));
    }
    if (!labels.isEmpty()) metadata.set("labels", labels);
    return k8s;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameViolationsAsTheRestApi(Path input) throws Exception {
    Resource resource;
    try {
      resource = ResourceCodec.decode(Files.readString(input));
    } catch (InvalidResourceException shapeError) {
      return; // not expressible as a decoded resource, so not as a Kubernetes object either
    }
    List<Violation> rest = validator.validate(resource);
    ObjectNode document = (ObjectNode) Mappers.YAML.readTree(Files.readString(input));
    JsonNode kubernetes = document.has("apiVersion") ? document : kubernetesForm(document, resource.kind());

    Verdict verdict = webhook.validate(resource.kind().typeName(), kubernetes);

    List<Violation> expected = rest.stream().map(v -> KumaResourceValidator.toKubernetesPath(resource.kind(), v)).toList();
    if (expected.isEmpty()) {
      assertThat(verdict).isInstanceOf(Verdict.Allow.class);
    } else {
      assertThat(verdict).isInstanceOf(Verdict.Refuse.class);
      assertThat(((Verdict.Refuse) verdict).causes()).extracting(c -> new Violation(c.field(), c.message()))
          .containsExactlyElementsOf(expected);
    }
  }
}
