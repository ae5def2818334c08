package dev.atrium.webhook.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.core.validation.Validator;
import dev.atrium.core.validation.Violation;
import dev.atrium.testing.Seeds;
import dev.atrium.webhook.admission.Verdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KumaResourceValidatorTest {
  private final KumaResourceValidator validator = new KumaResourceValidator(new Validator(SecretLookup.unavailable()));

  @Test
  void theSeedsKubernetesFormsAreAllowed() throws Exception {
    for (String seed : new String[] {"meshgateway-edge-gateway.k8s.yaml", "meshgatewayroute-edge-gateway-route.k8s.yaml",
        "meshgatewayinstance-edge-gateway.k8s.yaml"}) {
      JsonNode object = Mappers.YAML.readTree(Seeds.read(seed));
      assertThat(validator.validate(object.path("kind").asText(), object)).as(seed).isInstanceOf(Verdict.Allow.class);
    }
  }

  @Test
  void anInvalidMeshGatewayIsRefusedWithEveryViolationUnderSpec() throws Exception {
    JsonNode object = Mappers.YAML.readTree("""
        apiVersion: kuma.io/v1alpha1
        kind: MeshGateway
        mesh: default
        metadata:
          name: broken
        spec:
          selectors: []
          conf:
            listeners:
              - port: 8443
                protocol: HTTPS
                hostname: "foo.*.example.com"
        """);
    Verdict.Refuse refuse = (Verdict.Refuse) validator.validate("MeshGateway", object);
    assertThat(refuse.code()).isEqualTo(422);
    assertThat(refuse.reason()).isEqualTo("Invalid");
    assertThat(refuse.causes()).extracting(Verdict.Cause::field)
        .containsExactly("spec.selectors", "spec.conf.listeners[0].hostname", "spec.conf.listeners[0].tls");
    assertThat(refuse.message()).startsWith("MeshGateway is not valid: spec.selectors: ")
        .contains("; spec.conf.listeners[0].tls: cannot be empty");
  }

  @Test
  void shapeErrorsFromTheCodecKeepTheirKubernetesPaths() throws Exception {
    JsonNode object = Mappers.YAML.readTree("""
        apiVersion: kuma.io/v1alpha1
        kind: MeshGateway
        metadata:
          name: typo
        spec:
          selector: []
          conf:
            listeners: []
        """);
    Verdict.Refuse refuse = (Verdict.Refuse) validator.validate("MeshGateway", object);
    assertThat(refuse.causes()).extracting(Verdict.Cause::field).contains("spec.selector");
  }

  @Test
  void kindsAtriumDoesNotServeAreAllowedWithAWarning() throws Exception {
    JsonNode object = Mappers.YAML.readTree("{apiVersion: kuma.io/v1alpha1, kind: MeshTrace, metadata: {name: x}}");
    Verdict.Allow allow = (Verdict.Allow) validator.validate("MeshTrace", object);
    assertThat(allow.warnings()).singleElement().asString().contains("does not validate kuma.io MeshTrace");
  }

  @Test
  void pathsOfWrappedKindsAreAlreadyRootedAtSpec() {
    assertThat(KumaResourceValidator.toKubernetesPath(ResourceKind.MESH_HTTP_ROUTE, new Violation("spec.to[0].rules", "x")).field())
        .isEqualTo("spec.to[0].rules");
    assertThat(KumaResourceValidator.toKubernetesPath(ResourceKind.MESH_HTTP_ROUTE, new Violation("mesh", "x")).field())
        .isEqualTo("metadata.labels[\"kuma.io/mesh\"]");
    assertThat(KumaResourceValidator.toKubernetesPath(ResourceKind.MESH_GATEWAY, new Violation("name", "x")).field())
        .isEqualTo("metadata.name");
    assertThat(KumaResourceValidator.toKubernetesPath(ResourceKind.MESH_GATEWAY, new Violation("mesh", "x")).field())
        .isEqualTo("mesh");
    assertThat(KumaResourceValidator.toKubernetesPath(ResourceKind.DATAPLANE, new Violation("networking.address", "x")).field())
        .isEqualTo("spec.networking.address");
  }

  @Test
  void anUpdateThatSwapsTheCaOfAMeshWithMtlsOnIsRefused() throws Exception {
    String mesh = """
        apiVersion: kuma.io/v1alpha1
        kind: Mesh
        metadata: {name: default}
        spec:
          mtls:
            enabledBackend: %s
            backends: [{name: %s, type: builtin}]
        """;
    JsonNode before = Mappers.YAML.readTree(mesh.formatted("ca-1", "ca-1"));
    JsonNode after = Mappers.YAML.readTree(mesh.formatted("ca-2", "ca-2"));

    Verdict.Refuse refuse = (Verdict.Refuse) validator.validate("Mesh", after, before);
    assertThat(refuse.causes()).extracting(c -> c.field() + ": " + c.message()).containsExactly(
        "spec.mtls.enabledBackend: Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA");
    assertThat(validator.validate("Mesh", after, null)).as("the same Mesh created").isInstanceOf(Verdict.Allow.class);
  }

  /**
   * Per kind, a resource in its Kubernetes form and the causes the webhook answers with: Kuma's messages,
   * paths rooted where kubectl shows them.
   */
  static Stream<Arguments> refusedKinds() {
    return Stream.of(
        refused("MeshTimeout", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshTimeout
        metadata: {name: gw, namespace: kuma-system, labels: {kuma.io/mesh: default}}
        spec:
          targetRef: {kind: MeshGateway, name: edge-gateway}
          from:
            - targetRef: {kind: Mesh}
              default: {idleTimeout: 10s}
          to:
            - targetRef: {kind: Mesh}
              default: {http: {requestTimeout: -1s}}
        """,
            "spec.from: must not be defined",
            "spec.to[0].default.http.requestTimeout: must not be negative when defined"),
        refused("MeshFaultInjection", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshFaultInjection
        metadata: {name: edge, namespace: kuma-system, labels: {kuma.io/mesh: default}}
        spec:
          targetRef: {kind: Mesh}
          from:
            - targetRef: {kind: Mesh}
              default: {http: [{abort: {httpStatus: 503, percentage: 50}}]}
        """,
            "spec.from: must not be defined when the scope includes a Gateway, select only proxyType Sidecar or select"
                + " only gateways and use spec.to"),
        refused("MeshRateLimit", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshRateLimit
        metadata: {name: gw, namespace: kuma-system, labels: {kuma.io/mesh: default}}
        spec:
          targetRef: {kind: Mesh}
          from:
            - targetRef: {kind: Mesh}
              default: {local: {http: {requestRate: {num: 1, interval: 10s}}}}
          to:
            - targetRef: {kind: Mesh}
              default: {local: {http: {requestRate: {num: 0, interval: 10ms}}}}
        """,
            "spec.from: must not be defined when the scope includes a Gateway, select only proxyType Sidecar or select"
                + " only gateways and use spec.to",
            "spec.to[0].default.local.http.requestRate.num: must be greater than 0",
            "spec.to[0].default.local.http.requestRate.interval: must be greater than: 50ms"),
        refused("MeshRetry", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshRetry
        metadata: {name: r, namespace: kuma-system, labels: {kuma.io/mesh: default}}
        spec:
          targetRef: {kind: Mesh}
          to:
            - targetRef: {kind: Mesh}
              default: {}
            - targetRef: {kind: Mesh}
              default: {http: {retryOn: [5xx, reset]}}
        """,
            "spec.to[0].default.conf: at least one of the 'tcp', 'http', 'grpc' must be specified",
            "spec.to[1].default.conf.http.retryOn[1]: unknown item 'reset'"),
        refused("ExternalService", """
        apiVersion: kuma.io/v1alpha1
        kind: ExternalService
        mesh: default
        metadata: {name: httpbin}
        spec:
          networking:
            address: httpbin.org
            tls: {enabled: true, serverName: ""}
          tags: {kuma.io/protocol: https}
        """,
            "spec.networking.address: unable to parse address",
            "spec.networking.address: address has to be a valid IP address or a domain name",
            "spec.networking.address: unable to parse port in address",
            "spec.networking.address: port must be in the range [1, 65535]",
            "spec.networking.tls.serverName: cannot be empty",
            "spec.tags[\"kuma.io/protocol\"]: tag \"kuma.io/protocol\" has an invalid value \"https\". Allowed values: grpc, http, http2, kafka, tcp",
            "spec.tags: mandatory tag \"kuma.io/service\" is missing"),
        refused("Timeout", """
        apiVersion: kuma.io/v1alpha1
        kind: Timeout
        mesh: default
        metadata: {name: t}
        spec:
          sources: [{match: {app: web}}]
          destinations: [{match: {kuma.io/service: backend}}]
          conf: {http: {requestTimeout: 0s}}
        """,
            "spec.sources[0].match: mandatory tag \"kuma.io/service\" is missing",
            "spec.conf.http.requestTimeout: has to be greater than 0 when defined"),
        refused("MeshProxyPatch", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshProxyPatch
        metadata: {name: edge, namespace: kuma-system, labels: {kuma.io/mesh: default}}
        spec:
          targetRef: {kind: MeshGateway, name: edge}
          default:
            appendModifications:
              - httpFilter:
                  operation: AddBefore
                  value: "name: envoy.filters.http.buffer"
        """,
            "spec.default.appendModifications[0].httpFilter.match.name: must be defined. You need to pick a filter"
                + " before which this one will be added"),
        refused("MeshLoadBalancingStrategy", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshLoadBalancingStrategy
        metadata: {name: lb, namespace: kuma-system, labels: {kuma.io/mesh: default}}
        spec:
          targetRef: {kind: MeshGateway, name: edge}
          to:
            - targetRef: {kind: MeshService, name: web}
              default: {loadBalancer: {type: RingHash}}
            - targetRef: {kind: Mesh}
              default: {hashPolicies: [{type: Header}]}
        """,
            "spec.to[0].targetRef.kind: value 'MeshGateway' is not supported, only Mesh is allowed if loadBalancer is set",
            "spec.to[1].default.hashPolicies[0].header: must be defined"),
        refused("MeshHealthCheck", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshHealthCheck
        metadata: {name: hc, namespace: kuma-system, labels: {kuma.io/mesh: default}}
        spec:
          targetRef: {kind: Mesh}
          to:
            - targetRef: {kind: Mesh}
              default: {interval: 0s}
            - targetRef: {kind: Mesh}
              default: {http: {path: /health, expectedStatuses: [99]}}
        """,
            "spec.to[0].default.interval: must be greater than zero when defined",
            "spec.to[0].default: must have at least one defined: http, tcp, grpc",
            "spec.to[1].default.http.expectedStatuses[0]: must be in inclusive range [100, 599]"),
        refused("HealthCheck", """
        apiVersion: kuma.io/v1alpha1
        kind: HealthCheck
        mesh: default
        metadata: {name: hc}
        spec:
          sources: [{match: {kuma.io/service: '*'}}]
          destinations: [{match: {kuma.io/service: backend, version: v1}}]
          conf: {interval: 10s, timeout: 2s, unhealthyThreshold: 0, healthyThreshold: 1}
        """,
            "spec.destinations[0].match: must consist of exactly one tag \"kuma.io/service\"",
            "spec.destinations[0].match[\"version\"]: tag \"version\" is not allowed",
            "spec.conf.unhealthyThreshold: must have a positive value"),
        refused("MeshAccessLog", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshAccessLog
        metadata: {name: edge, namespace: kuma-system, labels: {kuma.io/mesh: default}}
        spec:
          targetRef: {kind: Mesh}
          to:
            - targetRef: {kind: Mesh}
              default: {backends: [{type: File, file: {path: relative/access.log}}]}
        """,
            "spec.to[0].default.backends[0].file.path: file backend requires a valid path"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedKinds")
  void eachKindIsCheckedWithKumasPathsAndMessages(String kind, String yaml, List<String> causes) throws Exception {
    Verdict.Refuse refuse = (Verdict.Refuse) validator.validate(kind, Mappers.YAML.readTree(yaml));
    assertThat(refuse.causes()).extracting(c -> c.field() + ": " + c.message()).containsExactlyElementsOf(causes);
  }

  /** Valid resources of kinds refused above: the same checks let them through. */
  static Stream<Arguments> admittedKinds() {
    return Stream.of(
        Arguments.of("ExternalService", """
        apiVersion: kuma.io/v1alpha1
        kind: ExternalService
        mesh: default
        metadata: {name: httpbin}
        spec:
          networking:
            address: httpbin.org:443
            tls: {enabled: true, caCert: {secret: httpbin-ca}}
          tags: {kuma.io/service: httpbin, kuma.io/protocol: http}
        """),
        Arguments.of("RateLimit", """
        apiVersion: kuma.io/v1alpha1
        kind: RateLimit
        mesh: default
        metadata: {name: rl}
        spec:
          sources: [{match: {kuma.io/service: "*"}}]
          destinations: [{match: {kuma.io/service: backend}}]
          conf: {http: {requests: 5, interval: 10s}}
        """),
        Arguments.of("MeshLoadBalancingStrategy", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshLoadBalancingStrategy
        metadata: {name: lb, namespace: kuma-system, labels: {kuma.io/mesh: default}}
        spec:
          targetRef: {kind: MeshGateway, name: edge}
          to:
            - targetRef: {kind: Mesh}
              default:
                loadBalancer:
                  type: RingHash
                  ringHash: {hashPolicies: [{type: Header, header: {name: x-user}}]}
        """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("admittedKinds")
  void validResourcesAreAdmitted(String kind, String yaml) throws Exception {
    assertThat(validator.validate(kind, Mappers.YAML.readTree(yaml))).isInstanceOf(Verdict.Allow.class);
  }

  private static Arguments refused(String kind, String yaml, String... causes) {
    return Arguments.of(kind, yaml, List.of(causes));
  }
}
