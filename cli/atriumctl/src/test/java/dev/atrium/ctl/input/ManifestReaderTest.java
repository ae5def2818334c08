package dev.atrium.ctl.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.core.validation.Validator;
import dev.atrium.core.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {
  private final ManifestReader reader = new ManifestReader(new Validator(SecretLookup.unavailable())::validate);

  static final String GATEWAY_DATAPLANE = """
      type: Dataplane
      mesh: default
      name: gateway-instance-1
      networking:
        address: 127.0.0.1
        gateway:
          type: BUILTIN
          tags:
            kuma.io/service: edge-gateway
      """;

  /** The seed's MeshGateway in its Kubernetes form. */
  static final String GATEWAY_K8S = """
      apiVersion: kuma.io/v1alpha1
      kind: MeshGateway
      mesh: default
      metadata:
        name: edge-gateway
      spec:
        selectors:
        - match:
            kuma.io/service: edge-gateway
        conf:
          listeners:
            - port: 8080
              protocol: HTTP
              hostname: foo.example.com
              tags:
                port: http-8080
      """;

  @Test
  void multiDocumentStreamGivesOneDocumentEachInOrder() {
    List<ManifestDocument> docs = reader.read(new InputFiles.Source("gw.yaml", GATEWAY_DATAPLANE + "---\n" + GATEWAY_K8S));

    assertThat(docs).hasSize(2).allMatch(ManifestDocument::isValid);
    assertThat(docs).extracting(ManifestDocument::origin).containsExactly("gw.yaml document 1", "gw.yaml document 2");
    assertThat(docs.get(0).resource().kind()).isEqualTo(ResourceKind.DATAPLANE);
    assertThat(docs.get(1).resource().describe()).isEqualTo("MeshGateway default/edge-gateway");
  }

  @Test
  void singleJsonDocumentKeepsThePlainOrigin() {
    List<ManifestDocument> docs = reader.read(new InputFiles.Source("<stdin>", "{\"type\":\"Mesh\",\"name\":\"default\"}"));

    assertThat(docs).singleElement().satisfies(d -> {
      assertThat(d.origin()).isEqualTo("<stdin>");
      assertThat(d.resource().kind()).isEqualTo(ResourceKind.MESH);
    });
  }

  @Test
  void badDocumentIsReportedWithoutStoppingTheOthers() {
    String bad = """
        type: MeshGateway
        mesh: default
        name: broken
        conf:
          listeners:
            - port: "not-a-number"
              protocol: HTTP
        """;

    List<ManifestDocument> docs = reader.read(new InputFiles.Source("all.yaml", bad + "---\n" + GATEWAY_DATAPLANE));

    assertThat(docs).hasSize(2);
    assertThat(docs.get(0).isValid()).isFalse();
    assertThat(docs.get(0).subject()).isEqualTo("MeshGateway default/broken (all.yaml document 1)");
    assertThat(docs.get(0).violations()).extracting(Violation::field).contains("conf.listeners[0].port");
    assertThat(docs.get(1).isValid()).isTrue();
  }

  @Test
  void syntaxErrorSpoilsTheWholeSource() {
    List<ManifestDocument> docs = reader.read(new InputFiles.Source("x.yaml", "type: Mesh\nname: [unclosed\n"));

    assertThat(docs).singleElement().satisfies(d -> {
      assertThat(d.isValid()).isFalse();
      assertThat(d.subject()).isEqualTo("x.yaml");
      assertThat(d.violations().get(0).message()).startsWith("invalid YAML");
    });
  }

  @Test
  void emptyDocumentsAndCommentsAreSkipped() {
    List<ManifestDocument> docs = reader.read(new InputFiles.Source("x.yaml", "# nothing\n---\n---\n" + GATEWAY_DATAPLANE + "---\n"));

    assertThat(docs).singleElement().matches(ManifestDocument::isValid);
  }

  @Test
  void aValidatorFaultIsLeftToTheServerRatherThanBlockingTheWrite() {
    ManifestReader faulty = new ManifestReader(resource -> {
      throw new IllegalStateException("validator bug");
    });

    assertThat(faulty.read(new InputFiles.Source("gw.yaml", GATEWAY_K8S))).singleElement().matches(ManifestDocument::isValid);
  }

  @Test
  void clientSideValidatorFindingsMakeTheDocumentInvalid() {
    ManifestReader strict = new ManifestReader(
        resource -> List.of(new Violation("conf.listeners[0].port", "port must be in the range [1, 65535]")));

    List<ManifestDocument> docs = strict.read(new InputFiles.Source("gw.yaml", GATEWAY_K8S));

    assertThat(docs).singleElement().satisfies(d -> {
      assertThat(d.isValid()).isFalse();
      assertThat(d.subject()).isEqualTo("MeshGateway default/edge-gateway");
    });
  }
}
