package dev.atrium.core.k8s.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.codec.ResourceEncoder;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus.Condition;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus.ConditionStatus;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs accept what the codec writes and what users write: the seeds' Kubernetes YAML verbatim, and
 * the Kubernetes form of every resource of the translation and status golden cases. Wrong types and
 * unknown fields are refused with their paths. CrdsE2ETest asks a real API server the same questions.
 */
class CrdSchemaConformanceTest {

  static JsonNode schema(ResourceKind kind) {
    CrdKind crd = CrdKind.of(kind).orElseThrow(() -> new AssertionError(kind + " has no CRD"));
    return CrdGenerator.generate(crd).at("/spec/versions/0/schema/openAPIV3Schema");
  }

  static Stream<String> kubernetesSeeds() {
    return Seeds.FILES.stream().filter(f -> f.endsWith(".k8s.yaml"));
  }

  @ParameterizedTest
  @MethodSource("kubernetesSeeds")
  void seedsFitVerbatim(String file) throws IOException {
    JsonNode doc = Mappers.YAML.readTree(Seeds.read(file));
    ResourceKind kind = ResourceKind.byTypeName(doc.path("kind").asText()).orElseThrow();
    assertThat(SchemaCheck.check(schema(kind), doc)).as(file).isEmpty();
  }

  static Stream<Path> goldenInputs() throws IOException {
    Path core = RepoPaths.root().resolve("libs/core/src/test/resources");
    List<Path> inputs = new ArrayList<>();
    for (String dir : List.of("translate", "status")) {
      try (Stream<Path> cases = Files.list(core.resolve(dir))) {
        cases.map(c -> c.resolve("in.yaml")).filter(Files::isRegularFile).sorted().forEach(inputs::add);
      }
    }
    return inputs.stream();
  }

  @ParameterizedTest
  @MethodSource("goldenInputs")
  void kubernetesFormOfEveryGoldenResourceFits(Path input) throws IOException {
    List<Resource> resources = ResourceCodec.decodeAll(Files.readString(input));
    for (Resource r : resources) {
      if (r.kind() == ResourceKind.SECRET) continue;  // a core/v1 Secret on Kubernetes, no CRD
      JsonNode doc = ResourceEncoder.toKubernetes(r);
      assertThat(SchemaCheck.check(schema(r.kind()), doc)).as(input + ": " + r.describe()).isEmpty();
      assertThat(ResourceCodec.decode(doc)).isEqualTo(r);
    }
  }

  @Test
  void dataplaneInsightAsKumaWritesItFitsUnderStatus() throws IOException {
    JsonNode doc = Mappers.YAML.readTree("""
        apiVersion: kuma.io/v1alpha1
        kind: DataplaneInsight
        mesh: default
        metadata: {name: backend-1, namespace: kuma-demo}
        status:
          subscriptions:
            - id: cp-a:7
              controlPlaneInstanceId: cp-a
              connectTime: "2025-06-01T09:00:00Z"
              status:
                total: {responsesSent: "10", responsesAcknowledged: 9, responsesRejected: "1"}
                lds: {responsesSent: "2", acceptedVersion: v1, lastRejection: "bind failed"}
              version:
                envoy: {version: 1.40.0, kumaDpCompatible: true}
        """);
    assertThat(SchemaCheck.check(schema(ResourceKind.DATAPLANE_INSIGHT), doc)).isEmpty();
    Resource r = ResourceCodec.decode(doc);
    assertThat(r.name()).isEqualTo("backend-1.kuma-demo");
    JsonNode back = ResourceEncoder.toKubernetes(r);
    assertThat(back.has("status")).isTrue();
    assertThat(back.has("spec")).isFalse();
    assertThat(SchemaCheck.check(schema(ResourceKind.DATAPLANE_INSIGHT), back)).isEmpty();
    assertThat(ResourceCodec.decode(back)).isEqualTo(r);
  }

  @Test
  void meshGatewayInstanceStatusAsTheControllerWritesItFits() {
    MeshGatewayInstanceStatus status = new MeshGatewayInstanceStatus(List.of(new Condition(
        "Ready", ConditionStatus.False, 3L, "2025-06-01T10:00:00Z", "NoMeshGateway", "")), null);
    JsonNode doc = Mappers.JSON.createObjectNode()
        .put("apiVersion", "kuma.io/v1alpha1").put("kind", "MeshGatewayInstance")
        .set("status", Mappers.JSON.valueToTree(status));
    assertThat(doc.at("/status/conditions/0/message").isTextual()).as("an empty message is still written").isTrue();
    assertThat(SchemaCheck.check(schema(ResourceKind.MESH_GATEWAY_INSTANCE), doc)).isEmpty();
  }

  @Test
  void wrongTypesAndUnknownFieldsAreRefusedWithTheirPaths() throws IOException {
    JsonNode doc = Mappers.YAML.readTree("""
        apiVersion: kuma.io/v1alpha1
        kind: MeshGateway
        mesh: default
        metadata: {name: bad}
        spec:
          selectors: [{match: {kuma.io/service: edge}}]
          conf:
            listeners:
              - port: eighty
                protocol: HTTPX
                hostnme: foo.example.com
        """);
    assertThat(SchemaCheck.check(schema(ResourceKind.MESH_GATEWAY), doc)).containsExactlyInAnyOrder(
        "spec.conf.listeners[0].port: must be an integer",
        "spec.conf.listeners[0].protocol: \"HTTPX\" is not one of [\"NONE\",\"UDP\",\"TCP\",\"TLS\",\"HTTP\",\"HTTPS\"]",
        "spec.conf.listeners[0].hostnme: unknown field");
  }

  @Test
  void keptAsWrittenSectionsAcceptAnything() throws IOException {
    JsonNode doc = Mappers.YAML.readTree("""
        apiVersion: kuma.io/v1alpha1
        kind: Mesh
        metadata: {name: default}
        spec:
          mtls: {enabledBackend: ca-1, backends: [{name: ca-1, type: builtin, conf: {caCert: {RSAbits: 2048}}}]}
          tracing: {backends: [{name: zipkin, type: zipkin}]}
          routing: {zoneEgress: true}
        """);
    assertThat(SchemaCheck.check(schema(ResourceKind.MESH), doc)).isEmpty();
  }
}
