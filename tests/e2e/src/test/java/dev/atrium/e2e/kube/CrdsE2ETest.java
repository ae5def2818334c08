package dev.atrium.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.codec.ResourceEncoder;
import dev.atrium.core.k8s.crd.CrdGenerator;
import dev.atrium.core.k8s.crd.CrdKind;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.KubeApiServer.KubectlResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s/crds on a real kube-apiserver 1.34 with the kubectl of the same release: the CRDs install
 * and become established, {@code kubectl explain} describes the fields, the seeds' Kubernetes YAML
 * applies verbatim and reads back as the same resource, the printer columns show, and the API server
 * itself refuses a wrong type or an unknown field, naming its path.
 */
class CrdsE2ETest {
  static final Path CRDS = RepoPaths.root().resolve("deploy/k8s/crds");
  static final Path SEEDS = RepoPaths.root().resolve("libs/testing/src/main/resources/seeds");

  @TempDir static Path tmp;
  private static KubeApiServer kube;
  private static String installOutput;

  @BeforeAll
  static void installCrds() {
    kube = KubeApiServer.start();
    installOutput = kube.kubectl("apply", "-f", CRDS.toString());
    List<String> wait = new ArrayList<>(List.of("wait", "--for", "condition=established", "--timeout=60s"));
    Arrays.stream(CrdKind.values()).map(c -> "crd/" + CrdGenerator.crdName(c.kind())).forEach(wait::add);
    kube.kubectl(wait.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (kube != null) kube.close();
  }

  @Test
  void everyCrdIsCreatedWithKumasScopeAndShortNames() throws IOException {
    for (CrdKind crd : CrdKind.values()) {
      assertThat(installOutput).contains("customresourcedefinition.apiextensions.k8s.io/" + CrdGenerator.crdName(crd.kind()) + " created");
    }
    String resources = kube.kubectl("api-resources", "--api-group=kuma.io", "--no-headers");
    assertThat(resources.lines().map(l -> l.trim().split("\\s+")).map(f -> String.join(" ", f)))
        .contains(
            "meshes m kuma.io/v1alpha1 false Mesh",
            "dataplanes dpp kuma.io/v1alpha1 true Dataplane",
            "meshgateways mgw kuma.io/v1alpha1 false MeshGateway",
            "meshgatewayroutes kuma.io/v1alpha1 false MeshGatewayRoute",
            "meshhttproutes mhttpr kuma.io/v1alpha1 true MeshHTTPRoute",
            "meshtcproutes mtcpr kuma.io/v1alpha1 true MeshTCPRoute",
            "meshgatewayinstances kuma.io/v1alpha1 true MeshGatewayInstance",
            "dataplaneinsights kuma.io/v1alpha1 true DataplaneInsight",
            "meshtrafficpermissions mtp kuma.io/v1alpha1 true MeshTrafficPermission",
            "trafficpermissions kuma.io/v1alpha1 false TrafficPermission",
            "trafficlogs kuma.io/v1alpha1 false TrafficLog",
            "meshtimeouts mt kuma.io/v1alpha1 true MeshTimeout",
            "meshretries mr kuma.io/v1alpha1 true MeshRetry",
            "meshcircuitbreakers mcb kuma.io/v1alpha1 true MeshCircuitBreaker",
            "meshratelimits mrl kuma.io/v1alpha1 true MeshRateLimit",
            "meshfaultinjections mfi kuma.io/v1alpha1 true MeshFaultInjection",
            "externalservices kuma.io/v1alpha1 false ExternalService",
            "timeouts kuma.io/v1alpha1 false Timeout",
            "retries kuma.io/v1alpha1 false Retry",
            "circuitbreakers kuma.io/v1alpha1 false CircuitBreaker",
            "ratelimits kuma.io/v1alpha1 false RateLimit",
            "faultinjections kuma.io/v1alpha1 false FaultInjection",
            "meshproxypatches mpp kuma.io/v1alpha1 true MeshProxyPatch",
            "proxytemplates kuma.io/v1alpha1 false ProxyTemplate",
            "meshloadbalancingstrategies mlbs kuma.io/v1alpha1 true MeshLoadBalancingStrategy",
            "meshhealthchecks mhc kuma.io/v1alpha1 true MeshHealthCheck",
            "healthchecks kuma.io/v1alpha1 false HealthCheck",
            "meshaccesslogs mal kuma.io/v1alpha1 true MeshAccessLog");
    // Structural schemas: the API server would set NonStructuralSchema otherwise.
    JsonNode crds = Mappers.JSON.readTree(kube.kubectl("get", "crd", "-o", "json"));
    for (JsonNode crd : crds.path("items")) {
      assertThat(crd.at("/status/conditions").findValuesAsText("type")).as(crd.at("/metadata/name").asText())
          .contains("Established").doesNotContain("NonStructuralSchema");
    }
  }

  @Test
  void kubectlExplainDescribesTheListenerFields() {
    String explain = eventually(() -> kube.runKubectl("explain", "meshgateway.spec.conf.listeners"),
        r -> r.exitCode() == 0 && r.stdout().contains("FIELDS"));
    assertThat(explain)
        .contains("KIND:       MeshGateway")
        .contains("FIELD: listeners <[]Object>")
        .containsPattern("port\\s+<integer>")
        .containsPattern("protocol\\s+<string>")
        .containsPattern("hostname\\s+<string>")
        .containsPattern("tls\\s+<Object>")
        .contains("Port to listen on")
        .contains("enum: NONE, UDP, TCP, TLS");
    String tls = kube.kubectl("explain", "mgw.spec.conf.listeners.tls.certificates");
    assertThat(tls).containsPattern("inline\\s+<string>").containsPattern("secret\\s+<string>");
  }

  @Test
  void seedsApplyVerbatimAndReadBackAsTheSameResources() throws IOException {
    Path namespace = Files.writeString(tmp.resolve("namespace.yaml"), """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: default
        """);
    kube.kubectl("apply", "-f", namespace.toString());
    for (String seed : List.of("meshgateway-edge-gateway.k8s.yaml", "meshgatewayroute-edge-gateway-route.k8s.yaml",
        "meshgatewayinstance-edge-gateway.k8s.yaml")) {
      Path file = SEEDS.resolve(seed);
      assertThat(kube.kubectl("apply", "-f", file.toString())).as(seed).contains(" created");
      Resource applied = ResourceCodec.decode(Files.readString(file));
      String[] get = applied.kind().k8sScope() == ResourceKind.K8sScope.NAMESPACED
          ? new String[] {"get", CrdGenerator.plural(applied.kind()), "edge-gateway", "-n", "default", "-o", "json"}
          : new String[] {"get", CrdGenerator.plural(applied.kind()), Mappers.YAML.readTree(Files.readString(file)).at("/metadata/name").asText(), "-o", "json"};
      Resource stored = ResourceCodec.decode(kube.kubectl(get));
      assertThat(stored).as("%s read back from the API server", seed).isEqualTo(applied);
    }

    String gateways = kube.kubectl("get", "mgw");
    System.out.println("kubectl get mgw\n" + gateways);
    assertThat(gateways.lines().findFirst().orElseThrow()).matches("NAME\\s+MESH\\s+AGE");
    assertThat(gateways).containsPattern("edge-gateway\\s+default\\s+\\d+s");
    String routes = kube.kubectl("get", "meshgatewayroutes");
    assertThat(routes).containsPattern("edge-gateway-route\\s+default\\s+\\d+s");

    String instances = kube.kubectl("get", "meshgatewayinstances", "-n", "default");
    assertThat(instances.lines().findFirst().orElseThrow()).matches("NAME\\s+REPLICAS\\s+SERVICE TYPE\\s+READY\\s+AGE");
    assertThat(instances).containsPattern("edge-gateway\\s+1\\s+LoadBalancer\\s+\\d+s");

    // The controller reports through the status subresource; the Ready column shows it.
    kube.kubectl("patch", "meshgatewayinstance", "edge-gateway", "-n", "default", "--subresource=status", "--type=merge",
        "-p", """
            {"status":{"conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"",
              "lastTransitionTime":"2025-06-01T10:00:00Z","observedGeneration":1}]}}""");
    String ready = kube.kubectl("get", "meshgatewayinstances", "-n", "default");
    System.out.println("kubectl get meshgatewayinstances -n default\n" + ready);
    assertThat(ready).containsPattern("edge-gateway\\s+1\\s+LoadBalancer\\s+True\\s+\\d+s");
  }

  /** The universal Dataplane seeds in the codec's Kubernetes form, as the Pod controller would write them. */
  @Test
  void dataplanesShowMeshAddressAndGatewayType() throws IOException {
    kube.kubectl("create", "namespace", "kong");
    StringBuilder docs = new StringBuilder();
    for (String seed : List.of("dataplane-kong-01-delegated.yaml", "dataplane-gateway-instance-1-builtin.yaml")) {
      Resource dp = ResourceCodec.decode(Files.readString(SEEDS.resolve(seed)));
      JsonNode k8s = ResourceEncoder.toKubernetes(dp);
      ((ObjectNode) k8s.get("metadata")).put("namespace", "kong");
      docs.append("---\n").append(ResourceCodec.write(k8s, true));
    }
    Path file = Files.writeString(tmp.resolve("dataplanes.yaml"), docs);
    kube.kubectl("apply", "-f", file.toString());

    String dataplanes = kube.kubectl("get", "dpp", "-n", "kong");
    System.out.println("kubectl get dpp -n kong\n" + dataplanes);
    assertThat(dataplanes.lines().findFirst().orElseThrow()).matches("NAME\\s+MESH\\s+ADDRESS\\s+GATEWAY TYPE\\s+AGE");
    assertThat(dataplanes)
        .containsPattern("gateway-instance-1\\s+default\\s+127\\.0\\.0\\.1\\s+BUILTIN\\s+\\d+s")
        .containsPattern("kong-01\\s+default\\s+10\\.0\\.0\\.1\\s+DELEGATED\\s+\\d+s");
    Resource stored = ResourceCodec.decode(kube.kubectl("get", "dpp", "kong-01", "-n", "kong", "-o", "json"));
    assertThat(stored.name()).isEqualTo("kong-01.kong");
    assertThat(stored.spec()).isEqualTo(ResourceCodec.decode(Files.readString(SEEDS.resolve("dataplane-kong-01-delegated.yaml"))).spec());
  }

  @Test
  void wrongTypeIsRefusedByTheApiServerNamingTheField() throws IOException {
    KubectlResult result = apply("port-string", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshGateway
        mesh: default
        metadata:
          name: port-string
        spec:
          selectors:
            - match:
                kuma.io/service: edge-gateway
          conf:
            listeners:
              - port: "eighty"
                protocol: HTTP
        """);
    System.out.println("port: \"eighty\" -> exit " + result.exitCode() + "\n" + result.stderr());
    assertThat(result.exitCode()).as(result.stdout()).isNotZero();
    assertThat(result.stderr()).contains("spec.conf.listeners[0].port").contains("must be of type integer");
    assertThat(kube.runKubectl("get", "mgw", "port-string").exitCode()).isNotZero();
  }

  @Test
  void unknownFieldIsRefusedByTheApiServerNamingTheField() throws IOException {
    KubectlResult result = apply("unknown-field", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshGateway
        mesh: default
        metadata:
          name: unknown-field
        spec:
          selectors:
            - match:
                kuma.io/service: edge-gateway
          conf:
            listeners:
              - port: 8080
                protocol: HTTP
                hostnme: foo.example.com
        """);
    System.out.println("hostnme -> exit " + result.exitCode() + "\n" + result.stderr());
    assertThat(result.exitCode()).as(result.stdout()).isNotZero();
    assertThat(result.stderr()).contains("unknown field \"spec.conf.listeners[0].hostnme\"");

    KubectlResult badEnum = apply("bad-enum", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshGateway
        metadata:
          name: bad-enum
        spec:
          conf:
            listeners:
              - port: 8080
                protocol: HTTPX
        """);
    assertThat(badEnum.exitCode()).isNotZero();
    assertThat(badEnum.stderr()).contains("spec.conf.listeners[0].protocol").contains("Unsupported value: \"HTTPX\"");
  }

  /** Everything the codec writes in Kubernetes form is accepted: every resource of the translation cases. */
  @Test
  void kubernetesFormOfEveryGoldenResourceIsAccepted() throws IOException {
    Path translate = RepoPaths.root().resolve("libs/core/src/test/resources/translate");
    List<Path> inputs;
    try (Stream<Path> cases = Files.list(translate)) {
      inputs = cases.map(c -> c.resolve("in.yaml")).filter(Files::isRegularFile).sorted().toList();
    }
    assertThat(inputs).hasSizeGreaterThan(20);
    StringBuilder all = new StringBuilder();
    int count = 0;
    for (Path input : inputs) {
      for (Resource r : ResourceCodec.decodeAll(Files.readString(input))) {
        if (r.kind() == ResourceKind.SECRET) continue;  // a core/v1 Secret on Kubernetes
        all.append("---\n# ").append(translate.relativize(input)).append('\n')
            .append(ResourceCodec.write(ResourceEncoder.toKubernetes(r), true));
        count++;
      }
    }
    Path file = Files.writeString(tmp.resolve("golden-resources.yaml"), all);
    KubectlResult result = kube.runKubectl("apply", "--dry-run=server", "-f", file.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).isEmpty();
    assertThat(result.stdout().lines().filter(l -> l.endsWith("(server dry run)"))).hasSize(count);
  }

  private static KubectlResult apply(String name, String yaml) throws IOException {
    Path file = Files.writeString(tmp.resolve(name + ".yaml"), yaml);
    return kube.runKubectl("apply", "-f", file.toString());
  }

  /** kubectl explain reads the published OpenAPI, which follows the CRD by a moment. */
  private static String eventually(java.util.function.Supplier<KubectlResult> run, Predicate<KubectlResult> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    KubectlResult last;
    do {
      last = run.get();
      if (done.test(last)) return last.stdout();
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("gave up waiting; last kubectl output:\n" + last.stdout() + last.stderr());
  }
}
