package dev.atrium.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.Seeds;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.WebhookProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged admission webhook behind a real kube-apiserver (v1.34.4 + etcd, no kubelet or
 * controllers), registered by URL with a CA bundle, driven by kubectl: the seeds' delegated gateway
 * Deployment gets its sidecar in gateway mode, an unlabelled namespace is left alone, Services get
 * service-upstream, and an invalid MeshGateway is refused with the REST API's own messages. Meshes
 * come from a real resource-store process (it creates the default mesh).
 */
class AdmissionWebhookE2ETest {
  @TempDir static Path dir;
  static KubeApiServer kube;
  static StoreProcess store;
  static WebhookProcess webhook;
  static String crdSource;
  static WebhookCertificates certs;

  @BeforeAll
  static void start() {
    kube = KubeApiServer.start();
    store = StoreProcess.embedded(dir.resolve("store")).start();
    certs = WebhookCertificates.create(dir.resolve("webhook-pki"));
    webhook = new WebhookProcess(kube, store, certs, dir.resolve("webhook")).start();

    installCrds();
    String configurations = resource("kube/webhook-configurations.yaml")
        .replace("URL", webhook.url()).replace("CA_BUNDLE", certs.caBundle());
    kube.kubectl("apply", "-f", write("webhook-configurations.yaml", configurations));
    kube.kubectl("create", "namespace", "kong");
    kube.kubectl("label", "namespace", "kong", "kuma.io/sidecar-injection=enabled");
    kube.kubectl("create", "namespace", "plain");
    awaitWebhooksInEffect();
  }

  @AfterAll
  static void stop() {
    if (webhook != null) webhook.close();
    if (store != null) store.close();
    if (kube != null) kube.close();
  }

  @Test
  void theSeedsDelegatedGatewayDeploymentGetsItsSidecarInGatewayMode() {
    kube.kubectl("apply", "-n", "kong", "-f", write("kong-deployment.yaml", seedGatewayDeployment()));
    // No controller-manager runs: create the Pod the Deployment's ReplicaSet would create, from its template.
    JsonNode template = json(kube.kubectl("get", "deployment", "kong", "-n", "kong", "-o", "json")).at("/spec/template");
    ObjectNode pod = Mappers.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode metadata = ((ObjectNode) template.path("metadata").deepCopy()).put("generateName", "kong-");
    pod.set("metadata", metadata);
    pod.set("spec", template.path("spec"));

    JsonNode stored = json(kube.kubectl("create", "-n", "kong", "-o", "json", "-f", write("kong-pod.json", pod.toString())));

    JsonNode annotations = stored.at("/metadata/annotations");
    assertThat(annotations.path("kuma.io/sidecar-injected").asText()).isEqualTo("true");
    assertThat(annotations.path("kuma.io/gateway").asText()).isEqualTo("enabled");
    assertThat(annotations.path("kuma.io/mesh").asText()).isEqualTo("default");
    assertThat(annotations.has("kuma.io/transparent-proxying-inbound-port")).as("no inbound redirection").isFalse();
    assertThat(names(stored.at("/spec/containers"))).containsExactly("kuma-sidecar", "proxy");
    JsonNode sidecar = stored.at("/spec/containers/0");
    assertThat(sidecar.path("image").asText()).isEqualTo("atrium/atrium-dp:e2e");
    assertThat(sidecar.path("args").toString()).contains("\"run\"");
    assertThat(env(sidecar, "ATRIUM_DATAPLANE_NAME")).isEqualTo("$(POD_NAME).$(POD_NAMESPACE)");
    // It authenticates to the xds-server with the Pod's service-account token.
    assertThat(env(sidecar, "KUMA_DATAPLANE_RUNTIME_TOKEN_PATH")).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
    // The default control plane: the xds-server's Service, HTTPS only; no CA configured, so none is injected
    // (atrium-dp then trusts the system's roots).
    assertThat(env(sidecar, "ATRIUM_CP_ADDRESS")).isEqualTo("https://atrium-xds-server.atrium-system.svc:5678");
    assertThat(env(sidecar, "KUMA_CONTROL_PLANE_CA_CERT")).isNull();
    assertThat(sidecar.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
    assertThat(sidecar.at("/resources/limits/memory").asText()).isNotEmpty();
    assertThat(names(stored.at("/spec/initContainers"))).containsExactly("kuma-init");
    JsonNode init = stored.at("/spec/initContainers/0");
    assertThat(init.path("args").toString()).contains("--redirect-inbound=false").doesNotContain("--redirect-inbound-port");
    assertThat(init.at("/securityContext/capabilities/add").toString()).contains("NET_ADMIN");

    // Injection is idempotent: the same Pod through the webhook again (server-side dry run) is not changed.
    ObjectNode again = (ObjectNode) stored.deepCopy();
    ObjectNode againMeta = (ObjectNode) again.get("metadata");
    againMeta.remove(List.of("name", "uid", "resourceVersion", "creationTimestamp", "managedFields"));
    againMeta.put("generateName", "kong-");
    again.remove("status");
    JsonNode dryRun = json(kube.kubectl("create", "-n", "kong", "--dry-run=server", "-o", "json", "-f",
        write("kong-pod-again.json", again.toString())));
    assertThat(names(dryRun.at("/spec/containers"))).containsExactly("kuma-sidecar", "proxy");
    assertThat(names(dryRun.at("/spec/initContainers"))).containsExactly("kuma-init");
  }

  @Test
  void aPodInANamespaceWithoutTheLabelIsUntouched() {
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: plain
        spec:
          containers:
            - name: web
              image: nginx:1.27
        """;
    JsonNode stored = json(kube.kubectl("create", "-o", "json", "-f", write("plain-pod.yaml", pod)));
    assertThat(stored.at("/metadata/annotations").isMissingNode()).isTrue();
    assertThat(names(stored.at("/spec/containers"))).containsExactly("web");
    assertThat(stored.at("/spec/initContainers").isMissingNode()).isTrue();
  }

  @Test
  void aPodJoiningAMeshThatDoesNotExistIsRefused() {
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: lost
          namespace: kong
          labels:
            kuma.io/mesh: nowhere
        spec:
          containers:
            - name: web
              image: nginx:1.27
        """;
    KubeApiServer.KubectlResult result = kube.runKubectl("create", "-f", write("lost-pod.yaml", pod));
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("denied the request").contains("mesh \"nowhere\" does not exist");
  }

  @Test
  void servicesInTheLabelledNamespaceGetTheUpstreamAnnotations() {
    String services = """
        apiVersion: v1
        kind: Service
        metadata:
          name: kong-proxy
          namespace: kong
        spec:
          selector:
            app: kong
          ports:
            - port: 80
              targetPort: 8000
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: front
          namespace: kong
        spec:
          type: ExternalName
          externalName: frontend.kong.svc.80.mesh
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: plain
        spec:
          selector:
            app: web
          ports:
            - port: 80
        """;
    kube.kubectl("apply", "-f", write("services.yaml", services));

    JsonNode proxy = json(kube.kubectl("get", "service", "kong-proxy", "-n", "kong", "-o", "json")).at("/metadata/annotations");
    assertThat(proxy.path("ingress.kubernetes.io/service-upstream").asText()).isEqualTo("true");
    assertThat(proxy.path("nginx.ingress.kubernetes.io/service-upstream").asText()).isEqualTo("true");
    JsonNode front = json(kube.kubectl("get", "service", "front", "-n", "kong", "-o", "json")).at("/metadata/annotations");
    assertThat(front.has("ingress.kubernetes.io/service-upstream")).as("ExternalName left alone").isFalse();
    JsonNode plain = json(kube.kubectl("get", "service", "web", "-n", "plain", "-o", "json")).at("/metadata/annotations");
    assertThat(plain.has("ingress.kubernetes.io/service-upstream")).as("unlabelled namespace").isFalse();

    // An update through kubectl keeps them (the webhook runs on UPDATE too and finds them set).
    kube.kubectl("label", "service", "kong-proxy", "-n", "kong", "tier=edge");
    JsonNode updated = json(kube.kubectl("get", "service", "kong-proxy", "-n", "kong", "-o", "json")).at("/metadata/annotations");
    assertThat(updated.path("ingress.kubernetes.io/service-upstream").asText()).isEqualTo("true");
  }

  @Test
  void anInvalidMeshGatewayIsRefusedWithTheRestApisMessages() throws Exception {
    String universal = """
        type: MeshGateway
        mesh: default
        name: broken-gateway
        selectors:
          - match:
              app: kong
        conf:
          listeners:
            - port: 8443
              protocol: HTTPS
              hostname: "foo.*.example.com"
        """;
    String kubernetes = """
        apiVersion: kuma.io/v1alpha1
        kind: MeshGateway
        mesh: default
        metadata:
          name: broken-gateway
        spec:
          selectors:
            - match:
                app: kong
          conf:
            listeners:
              - port: 8443
                protocol: HTTPS
                hostname: "foo.*.example.com"
        """;
    Http.Reply rest = Http.put(store.apiUrl() + "/meshes/default/meshgateways/broken-gateway", universal, "application/yaml");
    assertThat(rest.status()).isEqualTo(400);
    List<String> expected = new ArrayList<>();
    for (JsonNode p : rest.json().path("invalid_parameters")) {
      // Same message; the field as it sits in the Kubernetes object (under spec), as Kuma's webhook names it.
      expected.add("spec." + p.path("field").asText() + ": " + p.path("reason").asText());
    }
    assertThat(expected).hasSizeGreaterThanOrEqualTo(3);

    KubeApiServer.KubectlResult applied = kube.runKubectl("apply", "-f", write("broken-gateway.yaml", kubernetes));

    assertThat(applied.exitCode()).isNotZero();
    // kubectl prints a 422 Invalid refusal as the object's name and one "field: message" line per cause.
    assertThat(applied.stderr()).contains("The MeshGateway \"broken-gateway\" is invalid");
    for (String violation : expected) assertThat(applied.stderr()).contains(violation);
    assertThat(kube.runKubectl("get", "meshgateway", "broken-gateway").exitCode()).as("nothing stored").isNotZero();

    // The seed's valid MeshGateway goes through unchanged.
    kube.kubectl("apply", "-f", write("edge-gateway.yaml", Seeds.read("meshgateway-edge-gateway.k8s.yaml")));
    assertThat(kube.kubectl("get", "meshgateway", "edge-gateway", "-o", "name")).contains("edge-gateway");
  }

  @Test
  void meshesCanComeFromKumaMeshObjectsInTheApiServer() throws Exception {
    // A second webhook process whose MeshDirectory reads kuma.io Mesh objects; called directly over TLS.
    try (WebhookProcess k8sMeshes = new WebhookProcess(kube, store, certs, dir.resolve("webhook-k8s-meshes"))
        .meshSource("kubernetes").start()) {
      String review = """
          {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"e2e-1",
           "kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"kong",
           "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"ledger","labels":{"kuma.io/mesh":"ledger-mesh"}},
                     "spec":{"containers":[{"name":"ledger","image":"ledger:1"}]}}}}""";
      JsonNode before = postReview(k8sMeshes.url() + "/mutate/pods", review).path("response");
      assertThat(before.path("allowed").asBoolean()).isFalse();
      assertThat(before.at("/status/message").asText()).contains("mesh \"ledger-mesh\" does not exist");

      kube.kubectl("apply", "-f", write("ledger-mesh.yaml", """
          apiVersion: kuma.io/v1alpha1
          kind: Mesh
          metadata:
            name: ledger-mesh
          """));
      JsonNode after = postReview(k8sMeshes.url() + "/mutate/pods", review).path("response");
      assertThat(after.path("allowed").asBoolean()).isTrue();
      assertThat(after.path("patchType").asText()).isEqualTo("JSONPatch");
    }
  }

  @Test
  void aMeshsCaCannotBeSwappedWhileMtlsIsOnAndPermissionsAreChecked() {
    String mesh = """
        apiVersion: kuma.io/v1alpha1
        kind: Mesh
        metadata:
          name: mtls-swap
        spec:
          mtls:
            enabledBackend: %s
            backends:
              - name: %s
                type: builtin
        """;
    kube.kubectl("apply", "-f", write("mtls-swap-1.yaml", mesh.formatted("ca-1", "ca-1")));

    // An UPDATE: the webhook compares with the review's oldObject, as the REST API compares with the store.
    KubeApiServer.KubectlResult swapped = kube.runKubectl("apply", "-f", write("mtls-swap-2.yaml", mesh.formatted("ca-2", "ca-2")));
    assertThat(swapped.exitCode()).isNotZero();
    assertThat(swapped.stderr()).contains("The Mesh \"mtls-swap\" is invalid")
        .contains("spec.mtls.enabledBackend: Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA");
    assertThat(kube.kubectl("get", "mesh", "mtls-swap", "-o", "jsonpath={.spec.mtls.enabledBackend}")).isEqualTo("ca-1");

    String permission = """
        apiVersion: kuma.io/v1alpha1
        kind: MeshTrafficPermission
        metadata:
          name: %s
          namespace: kong
          labels:
            kuma.io/mesh: default
        spec:
          targetRef:
            kind: %s
            name: edge-gateway
          from:
            - targetRef:
                kind: MeshSubset
                tags:
                  kuma.io/service: kong_kong_svc
              default:
                action: %s
        """;
    KubeApiServer.KubectlResult refused = kube.runKubectl("apply", "-f",
        write("mtp-gateway.yaml", permission.formatted("to-gateway", "MeshGateway", "Permit")));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("spec.targetRef.kind: value is not supported")
        .contains("spec.from[0].default.action: invalid value \"Permit\": must be one of [Allow, Deny, AllowWithShadowDeny]");

    kube.kubectl("apply", "-f", write("mtp-backend.yaml", permission.formatted("to-backend", "MeshService", "Allow")));
    assertThat(kube.kubectl("get", "mtp", "-n", "kong", "-o", "name")).contains("meshtrafficpermission.kuma.io/to-backend");
  }

  @Test
  void handlingTimeIsMeasured() {
    // The readiness probes in start() went through the Service and validation webhooks already.
    String metrics = Http.get(webhook.managementUrl() + "/q/metrics").body();
    // Text format 0.0.4 (what a client that does not ask for OpenMetrics gets): label sets may end in a comma.
    assertThat(metrics).containsPattern("atrium_webhook_admission_seconds_count\\{outcome=\"patched\",webhook=\"services\",?}")
        .containsPattern("atrium_webhook_admission_percentiles_seconds\\{outcome=\"patched\",webhook=\"services\","
            + "quantile=\"0.99\",?}");
    metrics.lines().filter(l -> l.startsWith("atrium_webhook_admission_percentiles_seconds{")).forEach(System.out::println);
    assertThat(read(dir.resolve("webhook/admission-webhook.log"))).containsPattern("services Service CREATE kong/\\S+: patched .* in [0-9.]+ ms");
  }

  /**
   * The seeds' Deployment (000, "Delegated gateway Dataplanes") with its two elisions filled in: a
   * name and a selector, and the labels and container a Deployment needs. The annotation block is the
   * seed's own text.
   */
  static String seedGatewayDeployment() {
    String seed = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          ...
        spec:
          template:
            metadata:
              annotations:
                kuma.io/gateway: enabled
              ...
        """;
    assertThat(Seeds.sharedSeedsText()).as("the seed's Deployment, verbatim").contains(seed);
    String filled = seed
        .replace("metadata:\n  ...\n", "metadata:\n  name: kong\n")
        .replace("spec:\n  template:\n", "spec:\n  selector:\n    matchLabels:\n      app: kong\n  template:\n")
        .replace("      ...\n", """
                  labels:
                    app: kong
                spec:
                  containers:
                    - name: proxy
                      image: kong:3.9
                      ports:
                        - containerPort: 8000
            """);
    assertThat(filled).doesNotContain("...");
    return filled;
  }

  /** deploy/k8s/crds/ (generated from the model) when it exists, else the schema-less fallback. */
  private static void installCrds() {
    Path generated = RepoPaths.root().resolve("deploy/k8s/crds");
    if (Files.isDirectory(generated)) {
      crdSource = generated.toString();
      kube.kubectl("apply", "-f", crdSource);
    } else {
      crdSource = "test resource kube/kuma-crds-minimal.yaml";
      kube.kubectl("apply", "-f", write("kuma-crds.yaml", resource("kube/kuma-crds-minimal.yaml")));
    }
    System.out.println("kuma.io CRDs from " + crdSource);
    kube.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd/meshgateways.kuma.io");
  }

  /**
   * The API server picks webhook configurations up through its own informer, a moment after they are
   * written: dry-run a Service and an invalid MeshGateway until both webhooks answer.
   */
  private static void awaitWebhooksInEffect() {
    String probeService = write("probe-service.yaml", """
        apiVersion: v1
        kind: Service
        metadata:
          name: probe
          namespace: kong
        spec:
          ports:
            - port: 80
        """);
    String probeGateway = write("probe-gateway.yaml", """
        apiVersion: kuma.io/v1alpha1
        kind: MeshGateway
        metadata:
          name: probe
        spec:
          selectors:
            - match:
                app: probe
          conf:
            listeners:
              - port: 8080
                protocol: HTTP
        """);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      JsonNode service = json(kube.kubectl("create", "--dry-run=server", "-o", "json", "-f", probeService));
      boolean mutating = service.at("/metadata/annotations").has("ingress.kubernetes.io/service-upstream");
      KubeApiServer.KubectlResult gateway = kube.runKubectl("create", "--dry-run=server", "-f", probeGateway);
      boolean validating = gateway.stderr().contains("mandatory tag \"kuma.io/service\" is missing");
      if (mutating && validating) return;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the webhooks did not take effect in 60 s: the Service probe came back with "
            + service.at("/metadata") + ", the MeshGateway probe with " + gateway + "; webhook log:\n" + webhook.logTail());
      }
      sleep(200);
    }
  }

  private static JsonNode postReview(String url, String review) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(certs.trustingCa()).connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(review)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r.body());
  }

  private static List<String> names(JsonNode containers) {
    List<String> names = new ArrayList<>();
    containers.forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) if (name.equals(e.path("name").asText())) return e.path("value").asText();
    return null;
  }

  private static JsonNode json(String text) {
    return KubeManifests.json(text);
  }

  private static String write(String name, String content) {
    return KubeManifests.write(dir, name, content);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    return KubeManifests.resource(name);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
