package dev.atrium.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.multizone.SyncedNames;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.Seeds;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.WebhookProcess;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kubernetes zone (issue 15): a global resource-store (embedded) and a zone whose resource-store runs on
 * the Kubernetes backend of a real kube-apiserver in zone mode, with the admission webhook (mode zone) and
 * the controllers against the same API server. What global makes is kubectl-visible in the zone as Kuma's
 * objects; what Pods make in the zone (a Dataplane, a ZoneIngress) reaches global under Kuma's names; a
 * policy kubectl-applied in the zone's system namespace needs {@code kuma.io/origin: zone}, then reaches
 * global; a MeshGatewayInstance is refused on global; the seeds' ExternalName Service goes through the
 * webhook untouched. The zone's store writes as a service account the webhook knows as the control plane.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesZoneE2ETest {
  static final String SYSTEM = "atrium-system";
  static final String ZONE = "zone-1";
  static final String STORE_USER = "system:serviceaccount:" + SYSTEM + ":atrium-store";

  @TempDir static Path dir;
  static KubeApiServer kube;
  static KubernetesClient client;
  static StoreProcess global;
  static StoreProcess zone;
  static WebhookProcess webhook;

  @BeforeAll
  static void start() {
    kube = KubeApiServer.start();
    kube.kubectl("apply", "-f", RepoPaths.root().resolve("deploy/k8s/crds").toString());
    kube.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd/zoneingresses.kuma.io", "crd/meshtimeouts.kuma.io");
    for (String ns : List.of(SYSTEM, "demo")) kube.kubectl("create", "namespace", ns);
    kube.kubectl("label", "namespace", "default", "kuma.io/sidecar-injection=enabled");
    kube.kubectl("create", "serviceaccount", "atrium-store", "-n", SYSTEM);
    kube.kubectl("create", "clusterrolebinding", "atrium-store", "--clusterrole=cluster-admin", "--serviceaccount=" + SYSTEM + ":atrium-store");
    client = kube.newClient();

    global = StoreProcess.embedded(dir.resolve("global")).withEnv("ATRIUM_STORE_MODE", "global").start();
    Path storeKubeconfig = kube.serviceAccountKubeconfig(SYSTEM, "atrium-store", dir.resolve("store.kubeconfig"));
    // A zone like any other: it presents a zone token of scope cp minted on global for its name.
    zone = StoreProcess.kubernetes(storeKubeconfig, SYSTEM, dir.resolve("zone")).zoneOf(global, ZONE).start();
    WebhookCertificates certs = WebhookCertificates.create(dir.resolve("webhook-pki"));
    webhook = new WebhookProcess(kube, zone, certs, dir.resolve("webhook")).controllers("zone-1-cp", SYSTEM, kube.kubeconfig())
        .withEnv("ATRIUM_CONTROLLERS_ZONE", ZONE).withEnv("ATRIUM_WEBHOOK_MODE", "zone")
        .withEnv("ATRIUM_WEBHOOK_SYSTEM_NAMESPACE", SYSTEM).withEnv("ATRIUM_WEBHOOK_PRIVILEGED_USERS", STORE_USER);
    webhook.start();
    kube.kubectl("apply", "-f", write("webhooks.yaml", KubeManifests.resource("kube/webhook-configurations.yaml")
        .replace("URL", webhook.url()).replace("CA_BUNDLE", certs.caBundle())));
  }

  @AfterAll
  static void stop() {
    if (webhook != null) webhook.close();
    if (zone != null) zone.close();
    if (global != null) global.close();
    if (client != null) client.close();
    if (kube != null) kube.close();
  }

  @Test
  @Order(1)
  void globalsMeshAndPoliciesAreKumaObjectsInTheZone() {
    assertThat(Http.put(global.apiUrl() + "/meshes/default/meshtimeouts/kz-timeout", """
        type: MeshTimeout
        mesh: default
        name: kz-timeout
        spec:
          targetRef: {kind: Mesh}
          to:
            - targetRef: {kind: Mesh}
              default: {connectionTimeout: 4s}
        """, "application/yaml").status()).isIn(200, 201);
    String copy = SyncedNames.hashed("default", "kz-timeout");
    JsonNode object = await("global's MeshTimeout as the CR " + SYSTEM + "/" + copy, () ->
        kube.runKubectl("get", "meshtimeouts", copy, "-n", SYSTEM, "-o", "json").exitCode() == 0
            ? Optional.of(json(kube.kubectl("get", "meshtimeouts", copy, "-n", SYSTEM, "-o", "json"))) : Optional.empty());
    System.out.printf("zone CR of global's kz-timeout: %s/%s labels %s%n", SYSTEM, copy, object.at("/metadata/labels"));
    assertThat(object.at("/metadata/labels/kuma.io~1origin").asText()).isEqualTo("global");
    assertThat(object.at("/metadata/labels/kuma.io~1display-name").asText()).isEqualTo("kz-timeout");
    assertThat(object.at("/metadata/labels/kuma.io~1mesh").asText()).isEqualTo("default");
    assertThat(object.at("/spec/to/0/default/connectionTimeout").asText()).isEqualTo("4s");
    assertThat(kube.kubectl("get", "meshes")).as("the Mesh global made").containsPattern("(?m)^default\\s");
    assertThat(kube.kubectl("get", "meshtimeouts", "-n", SYSTEM)).as("global's default policies came with the mesh")
        .contains(SyncedNames.hashed("default", "mesh-timeout-all-default"));
  }

  @Test
  @Order(2)
  void podMadeDataplanesAndZoneIngressesReachGlobalUnderKumasNames() {
    client.services().resource(service("demo", "web", "ClusterIP", 80, "http")).create();
    client.pods().resource(pod("demo", "web-0", Map.of("kuma.io/sidecar-injected", "true"), "http", 8080)).create();
    setPodIp("demo", "web-0", "10.244.1.21");
    client.services().resource(service(SYSTEM, "ingress", "LoadBalancer", 10001, "ingress")).create();
    // What a cloud's load-balancer controller would write.
    client.services().inNamespace(SYSTEM).withName("ingress").editStatus(s -> {
      s.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().addNewIngress().withIp("203.0.113.7").endIngress()
          .endLoadBalancer().build());
      return s;
    });
    client.pods().resource(pod(SYSTEM, "ingress-0", Map.of("kuma.io/ingress", "enabled"), "ingress", 10001)).create();
    setPodIp(SYSTEM, "ingress-0", "10.244.1.30");

    String dpOnGlobal = "/meshes/default/dataplanes/" + SyncedNames.hashed("default", "web-0", ZONE, "demo");
    JsonNode dp = await("the Pod's Dataplane on global as " + dpOnGlobal, () -> found(global.apiUrl() + dpOnGlobal));
    System.out.printf("global's copy of Pod demo/web-0: %s labels %s%n", dp.path("name").asText(), dp.path("labels"));
    assertThat(dp.path("labels").path("kuma.io/zone").asText()).isEqualTo(ZONE);
    assertThat(dp.path("labels").path("kuma.io/origin").asText()).isEqualTo("zone");
    assertThat(dp.path("labels").path("kuma.io/display-name").asText()).isEqualTo("web-0");
    assertThat(dp.path("name").asText()).startsWith("web-0-");

    assertThat(kube.kubectl("get", "zoneingresses", "-n", SYSTEM)).as("kubectl sees the Pod's ZoneIngress beside it")
        .containsPattern("(?m)^ingress-0\\s");
    String ziOnGlobal = "/zoneingresses/" + SyncedNames.hashed("", "ingress-0", ZONE, SYSTEM);
    JsonNode zi = await("the Pod's ZoneIngress on global as " + ziOnGlobal, () -> found(global.apiUrl() + ziOnGlobal));
    System.out.printf("global's copy of Pod %s/ingress-0: %s labels %s networking %s%n", SYSTEM, zi.path("name").asText(),
        zi.path("labels"), zi.path("networking"));
    assertThat(zi.path("labels").path("kuma.io/zone").asText()).isEqualTo(ZONE);
    assertThat(zi.path("labels").path("kuma.io/origin").asText()).isEqualTo("zone");
    assertThat(zi.path("labels").path("kuma.io/display-name").asText()).isEqualTo("ingress-0");
    assertThat(zi.path("zone").asText()).isEqualTo(ZONE);
    assertThat(zi.at("/networking/address").asText()).isEqualTo("10.244.1.30");
    assertThat(zi.at("/networking/port").asInt()).isEqualTo(10001);
    assertThat(zi.at("/networking/advertisedAddress").asText()).as("the LoadBalancer's IP").isEqualTo("203.0.113.7");
    assertThat(zi.at("/networking/advertisedPort").asInt()).isEqualTo(10001);

    // The ingress goes with its Pod, in the zone and on global.
    client.pods().inNamespace(SYSTEM).withName("ingress-0").withGracePeriod(0).delete();
    await("the ZoneIngress gone from global", () -> Http.get(global.apiUrl() + ziOnGlobal).status() == 404 ? Optional.of(true) : Optional.empty());
    assertThat(kube.kubectl("get", "zoneingresses", "-A")).doesNotContain("ingress-0");
  }

  @Test
  @Order(3)
  void anIngressPodOutsideTheSystemNamespaceGetsKumasRefusalAsAnEvent() {
    client.services().resource(service("demo", "stray-ingress", "ClusterIP", 10001, "ingress")).create();
    client.pods().resource(pod("demo", "stray-ingress-0", Map.of("kuma.io/ingress", "enabled"), "ingress", 10001)).create();
    setPodIp("demo", "stray-ingress-0", "10.244.1.40");
    String expected = "Ingress can only be deployed in system namespace \"" + SYSTEM + "\"";
    await("the Event on the Pod", () -> client.v1().events().inNamespace("demo").list().getItems().stream()
        .filter(e -> "stray-ingress-0".equals(e.getInvolvedObject().getName()) && expected.equals(e.getMessage()))
        .findFirst());
    assertThat(kube.kubectl("get", "zoneingresses", "-A")).doesNotContain("stray-ingress-0");
  }

  @Test
  @Order(4)
  void aPolicyKubectlAppliedInTheSystemNamespaceNeedsTheZoneOriginThenReachesGlobal() {
    String policy = """
        apiVersion: kuma.io/v1alpha1
        kind: MeshTimeout
        metadata:
          name: zone-made
          namespace: %s
          labels:
            kuma.io/mesh: default%s
        spec:
          targetRef: {kind: Mesh}
          to:
            - targetRef: {kind: Mesh}
              default: {connectionTimeout: 7s}
        """;
    String without = write("mt-without-origin.yaml", policy.formatted(SYSTEM, ""));
    // The API server takes the webhook configuration up a moment after it is written: until the refusal.
    KubeApiServer.KubectlResult refused = await("the webhook refusing a MeshTimeout without its origin", () -> {
      KubeApiServer.KubectlResult r = kube.runKubectl("apply", "--dry-run=server", "-f", without);
      return r.exitCode() != 0 ? Optional.of(r) : Optional.empty();
    });
    System.out.println("kubectl apply without kuma.io/origin: " + refused.stderr().trim());
    assertThat(refused.stderr()).contains("Operation not allowed. Applying policies on Zone CP on a system namespace requires"
        + " 'kuma.io/origin' label to be set to 'zone'.");

    kube.kubectl("apply", "-f", write("mt-with-origin.yaml", policy.formatted(SYSTEM, "\n    kuma.io/origin: zone")));
    String onGlobal = "/meshes/default/meshtimeouts/" + SyncedNames.hashed("default", "zone-made", ZONE, SYSTEM);
    JsonNode copy = await("the zone's MeshTimeout on global as " + onGlobal, () -> found(global.apiUrl() + onGlobal));
    assertThat(copy.path("labels").path("kuma.io/origin").asText()).isEqualTo("zone");
    assertThat(copy.path("labels").path("kuma.io/zone").asText()).isEqualTo(ZONE);
    assertThat(copy.path("labels").path("kuma.io/display-name").asText()).isEqualTo("zone-made");
    assertThat(copy.at("/spec/to/0/default/connectionTimeout").asText()).isEqualTo("7s");
  }

  @Test
  @Order(5)
  void aMeshGatewayInstanceIsRefusedOnGlobal() {
    Http.Reply reply = Http.put(global.apiUrl() + "/meshes/default/meshgatewayinstances/edge", """
        type: MeshGatewayInstance
        mesh: default
        name: edge
        spec:
          replicas: 1
          serviceType: LoadBalancer
          tags: {kuma.io/service: edge}
        """, "application/yaml");
    System.out.println("MeshGatewayInstance PUT on global: " + reply.status() + " " + reply.body());
    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.json().path("detail").asText()).startsWith("On global control plane you can not modify dataplane resources");
  }

  @Test
  @Order(6)
  void theSeedsExternalNameServiceIsAcceptedUntouched() {
    String seed = Seeds.read("service-echo-multizone.k8s.yaml");
    // The webhook is in effect in this namespace: an ordinary Service gets service-upstream from it.
    String plain = write("plain.yaml", """
        apiVersion: v1
        kind: Service
        metadata: {name: plain, namespace: default}
        spec:
          ports: [{port: 80}]
        """);
    await("the Service webhook in effect", () -> json(kube.kubectl("apply", "--dry-run=server", "-o", "json", "-f", plain))
        .at("/metadata/annotations/ingress.kubernetes.io~1service-upstream").isTextual() ? Optional.of(true) : Optional.empty());

    JsonNode stored = json(kube.kubectl("apply", "-o", "json", "-f", write("echo-multizone.yaml", seed)));
    assertThat(stored.at("/spec/type").asText()).isEqualTo("ExternalName");
    assertThat(stored.at("/spec/externalName").asText()).isEqualTo("echo.default.svc.80.mesh");
    JsonNode annotations = stored.at("/metadata/annotations");
    assertThat(annotations.has("ingress.kubernetes.io/service-upstream")).isFalse();
    assertThat(annotations.has("nginx.ingress.kubernetes.io/service-upstream")).isFalse();
  }

  // ---- helpers

  static Pod pod(String ns, String name, Map<String, String> annotations, String portName, int port) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(Map.of("app", name.replaceAll("-\\d+$", "")))
        .withAnnotations(annotations).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("registry.example/app:1")
        .addNewPort().withName(portName).withContainerPort(port).endPort().endContainer().endSpec().build();
  }

  static Service service(String ns, String name, String type, int port, String targetPort) {
    return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withType(type).withSelector(Map.of("app", name)).addNewPort().withPort(port)
        .withTargetPort(new IntOrString(targetPort)).endPort().endSpec().build();
  }

  /** What the kubelet would do: the Pod runs, with an IP. */
  static void setPodIp(String ns, String name, String ip) {
    client.pods().inNamespace(ns).withName(name).editStatus(p -> {
      p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip).withPodIPs(new PodIP(ip)).build());
      return p;
    });
  }

  static Optional<JsonNode> found(String url) {
    Http.Reply r = Http.get(url);
    return r.status() == 200 ? Optional.of(r.json()) : Optional.empty();
  }

  static <T> T await(String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (true) {
      Optional<T> got = probe.get();
      if (got.isPresent()) return got.get();
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within 45 s\nzone store log:\n" + zone.logTail() + "\nwebhook log:\n" + webhook.logTail());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static JsonNode json(String text) {
    return KubeManifests.json(text);
  }

  static String write(String name, String content) {
    return KubeManifests.write(dir, name, content);
  }
}
