package dev.atrium.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real etcd + kube-apiserver ({@code .ci/install-k8s.sh} builds them) driven by the real kubectl
 * of the same release: the ground the Kubernetes-mode tests stand on.
 */
class KubeApiServerSmokeTest {
  private static KubeApiServer kube;

  @BeforeAll
  static void start() {
    kube = KubeApiServer.start();
  }

  @AfterAll
  static void stop() {
    if (kube != null) kube.close();
  }

  @Test
  void kubectlCreatesAndReadsANamespace() throws Exception {
    assertThat(kube.kubectl("create", "namespace", "demo")).contains("namespace/demo created");

    JsonNode ns = new ObjectMapper().readTree(kube.kubectl("get", "namespace", "demo", "-o", "json"));
    assertThat(ns.path("kind").asText()).isEqualTo("Namespace");
    assertThat(ns.path("metadata").path("name").asText()).isEqualTo("demo");
    assertThat(ns.path("metadata").path("uid").asText()).isNotEmpty();
    assertThat(ns.path("status").path("phase").asText()).isEqualTo("Active");
  }

  @Test
  void serverAndKubectlAreThePinnedRelease() throws Exception {
    JsonNode version = new ObjectMapper().readTree(kube.kubectl("version", "-o", "json"));
    assertThat(version.path("serverVersion").path("gitVersion").asText()).isEqualTo("v" + KubeBinaries.K8S_VERSION);
    assertThat(version.path("clientVersion").path("gitVersion").asText()).isEqualTo("v" + KubeBinaries.K8S_VERSION);
  }

  @Test
  void unauthenticatedRequestsAreRefused() throws Exception {
    HttpResponse<String> anonymous = kube.anonymousHttpClient().send(
        HttpRequest.newBuilder(URI.create(kube.url() + "/api/v1/namespaces")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).as(anonymous.body()).isIn(401, 403);

    // The same request with the admin's client certificate is allowed: the refusal is about who asks.
    HttpResponse<String> admin = kube.adminHttpClient().send(
        HttpRequest.newBuilder(URI.create(kube.url() + "/api/v1/namespaces")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);

    // kubectl with a token the server never issued (only the CA, so TLS itself succeeds): 401.
    // (A user with no credentials at all makes kubectl prompt for a username on stdin instead.)
    Path stranger = Files.createTempFile("atrium-kubeconfig-", ".yaml");
    try {
      Files.writeString(stranger, """
          apiVersion: v1
          kind: Config
          clusters:
          - name: c
            cluster:
              server: %s
              certificate-authority: %s
          users:
          - name: stranger
            user:
              token: not-a-token-this-server-knows
          contexts:
          - name: c
            context: {cluster: c, user: stranger}
          current-context: c
          """.formatted(kube.url(), kube.caCertificate()));
      KubeApiServer.KubectlResult refused = kube.runKubectl(stranger, "get", "namespaces");
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.stderr()).contains("Unauthorized");
    } finally {
      Files.deleteIfExists(stranger);
    }
  }

  @Test
  void fabric8ClientSeesWhatKubectlCreated() {
    kube.kubectl("create", "namespace", "from-kubectl");
    try (KubernetesClient client = kube.newClient()) {
      Namespace ns = client.namespaces().withName("from-kubectl").get();
      assertThat(ns).isNotNull();
      assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
    }
  }

  /** What service-account token authentication on Kubernetes stands on: tokens issued and reviewed. */
  @Test
  void issuesServiceAccountTokensAndReviewsThem() throws Exception {
    kube.kubectl("create", "namespace", "tokens");
    kube.kubectl("create", "serviceaccount", "app", "-n", "tokens");
    kube.kubectl("run", "app-pod", "-n", "tokens", "--image=example.invalid/app", "--overrides",
        "{\"spec\":{\"serviceAccountName\":\"app\"}}");
    String token = kube.serviceAccountToken("tokens", "app", "app-pod");
    try (KubernetesClient client = kube.newClient()) {
      var review = client.authentication().v1().tokenReviews().create(
          new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
      assertThat(review.getStatus().getAuthenticated()).isTrue();
      assertThat(review.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:tokens:app");
      assertThat(review.getStatus().getUser().getExtra()).containsKey("authentication.kubernetes.io/pod-name");

      // The kubeconfig of the service account authenticates as it (and RBAC then knows it by that name).
      Path kubeconfig = kube.serviceAccountKubeconfig("tokens", "app", Files.createTempFile("atrium-sa-", ".kubeconfig"));
      try {
        KubeApiServer.KubectlResult whoami = kube.runKubectl(kubeconfig, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        assertThat(whoami.stdout()).as(whoami.stderr()).isEqualTo("system:serviceaccount:tokens:app");
      } finally {
        Files.deleteIfExists(kubeconfig);
      }

      // A token bound to a Pod stops authenticating when the Pod is gone: after the API server's own
      // cache of successful token authentications (10 s) lets go of it.
      client.pods().inNamespace("tokens").withName("app-pod").withGracePeriod(0).delete();
      kube.kubectl("wait", "--for=delete", "pod/app-pod", "-n", "tokens", "--timeout=30s");
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      Boolean authenticated = Boolean.TRUE;
      while (Boolean.TRUE.equals(authenticated) && System.nanoTime() < deadline) {
        Thread.sleep(500);
        authenticated = client.authentication().v1().tokenReviews().create(
            new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder().withNewSpec().withToken(token).endSpec()
                .build()).getStatus().getAuthenticated();
      }
      assertThat(authenticated).as("the deleted Pod's token").isNotEqualTo(Boolean.TRUE);
    }
  }
}
