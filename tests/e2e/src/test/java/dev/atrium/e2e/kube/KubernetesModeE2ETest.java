package dev.atrium.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.WebhookProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atrium wholly on Kubernetes: the resource-store on its Kubernetes backend, so the Dataplanes the
 * Pod controller writes through the Store API are kuma.io objects that {@code kubectl get dataplanes
 * -A} lists, in the Pods' namespaces, and that go when the Pods go.
 */
class KubernetesModeE2ETest {
  static final Path CRDS = RepoPaths.root().resolve("deploy/k8s/crds");
  static final String SYSTEM_NAMESPACE = "atrium-system";

  @TempDir static Path tmp;
  static KubeApiServer kube;
  static KubernetesClient client;
  static StoreProcess store;
  static WebhookProcess controllers;

  @BeforeAll
  static void start() {
    kube = KubeApiServer.start();
    kube.kubectl("apply", "-f", CRDS.toString());
    kube.kubectl("wait", "--for", "condition=established", "--timeout=60s", "crd/dataplanes.kuma.io");
    for (String ns : List.of(SYSTEM_NAMESPACE, "kong", "demo")) kube.kubectl("create", "namespace", ns);
    client = kube.newClient();
    store = StoreProcess.kubernetes(kube.kubeconfig(), SYSTEM_NAMESPACE, tmp.resolve("store")).start();
    controllers = new WebhookProcess(kube, store, WebhookCertificates.create(tmp.resolve("tls")), tmp.resolve("webhook"))
        .controllers("replica-a", SYSTEM_NAMESPACE, kube.kubeconfig()).start();
  }

  @AfterAll
  static void stop() {
    if (controllers != null) controllers.close();
    if (store != null) store.close();
    if (client != null) client.close();
    if (kube != null) kube.close();
  }

  @Test
  void podDataplanesAreKumaObjectsKubectlLists() {
    client.services().resource(ControllersE2ETest.service("kong", "kong-proxy", Map.of("app", "kong"), 80, "proxy", "http")).create();
    client.services().resource(ControllersE2ETest.service("demo", "web", Map.of("app", "web"), 80, "http", "http")).create();
    client.pods().resource(ControllersE2ETest.pod("kong", "kong-0", Map.of("app", "kong"),
        Map.of("kuma.io/gateway", "enabled"), "proxy", 8000)).create();
    client.pods().resource(ControllersE2ETest.pod("demo", "web-0", Map.of("app", "web"),
        Map.of("kuma.io/sidecar-injected", "true"), "http", 8080)).create();
    setPodIp("kong", "kong-0", "10.244.1.20");
    setPodIp("demo", "web-0", "10.244.1.21");

    String listed = awaitListing(l -> l.contains("kong-0") && l.contains("web-0"));
    assertThat(listed).containsPattern("(?m)^kong\\s+kong-0\\s+default\\s+10\\.244\\.1\\.20\\s+DELEGATED")
        .containsPattern("(?m)^demo\\s+web-0\\s+default\\s+10\\.244\\.1\\.21");

    client.pods().inNamespace("kong").withName("kong-0").withGracePeriod(0).delete();
    String after = awaitListing(l -> !l.contains("kong-0"));
    assertThat(after).contains("web-0").doesNotContain("kong-0");
  }

  @Test
  void theAdminTokenIsAGlobalSecretKeptAsKumaKeepsIt() {
    // Written on first start; on Kubernetes a core/v1 Secret of Kuma's global-secret type in the system namespace.
    var secret = client.secrets().inNamespace(SYSTEM_NAMESPACE).withName("admin-user-token").get();
    assertThat(secret).isNotNull();
    assertThat(secret.getType()).isEqualTo("system.kuma.io/global-secret");
    assertThat(client.secrets().inNamespace(SYSTEM_NAMESPACE).withName("user-token-signing-key-1").get().getType())
        .isEqualTo("system.kuma.io/global-secret");
    Http.Reply token = Http.get(store.apiUrl() + "/global-secrets/admin-user-token");
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.json().path("data").asText()).isEqualTo(secret.getData().get("value"));
  }

  /** What a kubelet would do: the Pod runs, with an IP. */
  private static void setPodIp(String ns, String name, String ip) {
    client.pods().inNamespace(ns).withName(name).editStatus(p -> {
      p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withPodIP(ip)
          .withPodIPs(new io.fabric8.kubernetes.api.model.PodIP(ip)).build());
      return p;
    });
  }

  private static String awaitListing(java.util.function.Predicate<String> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String listed = "";
    while (System.nanoTime() < deadline) {
      listed = kube.kubectl("get", "dataplanes", "-A");
      if (done.test(listed)) return listed;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("kubectl get dataplanes -A did not show what was expected in 30 s:\n" + listed);
  }
}
