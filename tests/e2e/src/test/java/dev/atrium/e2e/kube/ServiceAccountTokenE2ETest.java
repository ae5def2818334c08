package dev.atrium.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.WebhookProcess;
import dev.atrium.testing.process.XdsServerProcess;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Injected sidecars authenticated by their Pod's service-account token, on a real kube-apiserver 1.34:
 * Pods {@code a} and {@code b} in {@code demo} run as service accounts {@code sa-a} and {@code sa-b}
 * (created directly, no kubelet), with the projected token volume the API server's ServiceAccount
 * admission would add, and get their sidecar from the packaged admission webhook, which points atrium-dp
 * at that volume's token. The token the kubelet would write there is the TokenRequest API's, bound to
 * the Pod. The packaged xds-server runs with {@code ATRIUM_XDS_AUTH_TYPE=serviceAccountToken} and the
 * kubeconfig of a service account with only {@code xds-server-rbac.yaml} (what the Helm chart grants).
 * An ADS client presenting the token in the {@code authorization} metadata, as Kuma's bootstrap makes
 * Envoy do, gets config for its own Pod's Dataplane and is refused for the other Pod's, with Kuma's words.
 */
class ServiceAccountTokenE2ETest {
  static final String NAMESPACE = "demo";
  static final String SYSTEM_NAMESPACE = "atrium-system";
  static final Path RBAC = RepoPaths.root().resolve("tests/e2e/src/test/resources/kube/xds-server-rbac.yaml");
  static final Path WEBHOOKS = RepoPaths.root().resolve("tests/e2e/src/test/resources/kube/webhook-configurations.yaml");
  static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  @TempDir static Path tmp;
  static KubeApiServer kube;
  static StoreProcess store;
  static XdsServerProcess xds;
  static WebhookProcess webhook;
  /** Each Pod as the API server stored it, after the webhook's patch. */
  static final Map<String, JsonNode> injected = new HashMap<>();
  static String tokenA;
  static String tokenB;

  @BeforeAll
  static void start() {
    kube = KubeApiServer.start();
    for (String ns : new String[] {SYSTEM_NAMESPACE, NAMESPACE}) kube.kubectl("create", "namespace", ns);
    kube.kubectl("label", "namespace", NAMESPACE, "kuma.io/sidecar-injection=enabled");
    kube.kubectl("apply", "-f", RBAC.toString());
    store = StoreProcess.embedded(tmp.resolve("store")).start();
    Path kubeconfig = kube.serviceAccountKubeconfig(SYSTEM_NAMESPACE, "atrium-xds-server", tmp.resolve("xds.kubeconfig"));
    xds = new XdsServerProcess(store, tmp.resolve("xds"))
        .withEnv("ATRIUM_XDS_AUTH_TYPE", "serviceAccountToken")
        .withEnv("ATRIUM_XDS_KUBERNETES_KUBECONFIG", kubeconfig.toString())
        .start();
    WebhookCertificates certs = WebhookCertificates.create(tmp.resolve("webhook-pki"));
    // The sidecars it injects reach this xds-server and trust its CA, as the chart sets the webhook up.
    webhook = new WebhookProcess(kube, store, certs, tmp.resolve("webhook")).controlPlane(xds.url(), xds.caFile()).start();
    kube.kubectl("apply", "-f", write("webhooks.yaml", read(WEBHOOKS).replace("URL", webhook.url())
        .replace("CA_BUNDLE", certs.caBundle())));
    awaitInjection();

    for (String pod : new String[] {"a", "b"}) {
      kube.kubectl("create", "serviceaccount", "sa-" + pod, "-n", NAMESPACE);
      injected.put(pod, json(kube.kubectl("create", "-o", "json", "-f", write(pod + ".yaml", pod(pod, "sa-" + pod)))));
    }
    tokenA = kube.serviceAccountToken(NAMESPACE, "sa-a", "a");
    tokenB = kube.serviceAccountToken(NAMESPACE, "sa-b", "b");

    for (String pod : new String[] {"a", "b"}) putDataplane(pod + "." + NAMESPACE);
    for (String pod : new String[] {"a", "b"}) awaitAdmitted(pod + "." + NAMESPACE);
  }

  @AfterAll
  static void stop() {
    if (xds != null) xds.close();
    if (webhook != null) webhook.close();
    if (store != null) store.close();
    if (kube != null) kube.close();
  }

  @Test
  void injectedSidecarReadsThePodsServiceAccountToken() {
    JsonNode pod = injected.get("a");
    JsonNode sidecar = pod.at("/spec/containers/0");
    assertThat(sidecar.path("name").asText()).isEqualTo("kuma-sidecar");
    assertThat(env(sidecar, "KUMA_DATAPLANE_RUNTIME_TOKEN_PATH")).isEqualTo(TOKEN_DIR + "/token");
    String volume = null;
    for (JsonNode mount : sidecar.path("volumeMounts")) {
      if (TOKEN_DIR.equals(mount.path("mountPath").asText())) volume = mount.path("name").asText();
    }
    assertThat(volume).as("the sidecar mounts the Pod's token volume").isEqualTo("kube-api-access-a");
    for (JsonNode v : pod.at("/spec/volumes")) {
      if (v.path("name").asText().equals(volume)) {
        assertThat(v.at("/projected/sources/0/serviceAccountToken/path").asText()).isEqualTo("token");
      }
    }
  }

  @Test
  void injectedSidecarReachesTheXdsServerOverHttpsWithItsCaInline() throws IOException {
    JsonNode sidecar = injected.get("a").at("/spec/containers/0");
    assertThat(env(sidecar, "ATRIUM_CP_ADDRESS")).isEqualTo(xds.url()).startsWith("https://");
    assertThat(env(sidecar, "KUMA_CONTROL_PLANE_CA_CERT")).isEqualTo(Files.readString(xds.caFile()));
    // No volume or ConfigMap in the Pod's namespace carries it.
    assertThat(injected.get("a").at("/spec/volumes").toString()).doesNotContain("control-plane-ca");
    // Every ADS stream in this test verifies the xds-server with exactly that PEM (adsChannel).
  }

  @Test
  void podsTokenGetsConfigForItsOwnDataplane() throws Exception {
    Outcome a = openAds("a." + NAMESPACE, tokenA);
    assertThat(a.config()).as("%s", a.status()).isNotNull();
    assertThat(a.config().getTypeUrl()).isEqualTo(CDS);
    assertThat(a.config().getResourcesCount()).isPositive();

    assertThat(openAds("b." + NAMESPACE, tokenB).config()).isNotNull();
    // Again at once: the acceptance is remembered, and still right.
    assertThat(openAds("a." + NAMESPACE, tokenA).config()).isNotNull();
  }

  @Test
  void anotherPodsTokenIsRefusedNamingBothServiceAccounts() throws Exception {
    Outcome refused = openAds("b." + NAMESPACE, tokenA);
    assertThat(refused.config()).as("no config for a stolen identity").isNull();
    assertThat(refused.status().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refused.status().getDescription()).isEqualTo("authentication failed: invalid service account token: "
        + "the token belongs to service account \"demo/sa-a\", but Pod demo/b runs as service account \"demo/sa-b\"");
    assertThat(xds.logTail()).doesNotContain(tokenA);
  }

  @Test
  void garbageOrMissingTokensAreRefused() throws Exception {
    Outcome garbage = openAds("a." + NAMESPACE, "garbage");
    assertThat(garbage.config()).isNull();
    assertThat(garbage.status().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(garbage.status().getDescription()).isEqualTo("authentication failed: dataplane token verification "
        + "failed with an error: the Kubernetes API server did not authenticate the token");

    Outcome none = openAds("a." + NAMESPACE, null);
    assertThat(none.config()).isNull();
    assertThat(none.status().getDescription())
        .isEqualTo("authentication failed: request must have exactly 1 \"authorization\" header, got 0");
  }

  @Test
  void dataplaneWithoutPodIsRefusedSayingSo() throws Exception {
    putDataplane("ghost." + NAMESPACE);
    awaitAdmitted("ghost." + NAMESPACE);
    Outcome ghost = openAds("ghost." + NAMESPACE, tokenA);
    assertThat(ghost.config()).isNull();
    assertThat(ghost.status().getDescription()).isEqualTo("authentication failed: could not retrieve Pod demo/ghost "
        + "to verify identity of a dataplane proxy: pods \"ghost\" not found");
  }

  /**
   * The channel to the xds-server's ADS with the proxy's credential in the {@code authorization}
   * metadata (raw, no {@code Bearer}, as Kuma's bootstrap has Envoy send it); {@code null}: none.
   * TLS, verifying the server with the CA PEM the webhook injected into Pod a's sidecar
   * ({@code KUMA_CONTROL_PLANE_CA_CERT}), as that sidecar's atrium-dp and Envoy do.
   */
  static ManagedChannel adsChannel(String credential) {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", xds.port()).sslContext(injectedCaTls());
    if (credential != null) {
      Metadata metadata = new Metadata();
      metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), credential);
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }
    return builder.build();
  }

  private static io.netty.handler.ssl.SslContext injectedCaTls() {
    String pem = env(injected.get("a").at("/spec/containers/0"), "KUMA_CONTROL_PLANE_CA_CERT");
    try {
      return io.grpc.netty.GrpcSslContexts.forClient()
          .trustManager(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8))).build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException("the injected CA does not make a TLS context: " + e.getMessage(), e);
    }
  }

  /** How one ADS stream went: the first config it got, or how the server ended it. */
  record Outcome(DiscoveryResponse config, Status status) {}

  /** Opens an ADS stream as Dataplane {@code name} of mesh default, asks for clusters, waits for an answer. */
  static Outcome openAds(String name, String credential) throws Exception {
    ManagedChannel channel = adsChannel(credential);
    try {
      CompletableFuture<Outcome> ended = new CompletableFuture<>();
      StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
          .streamAggregatedResources(new StreamObserver<>() {
            @Override
            public void onNext(DiscoveryResponse value) {
              ended.complete(new Outcome(value, Status.OK));
            }

            @Override
            public void onError(Throwable t) {
              ended.complete(new Outcome(null, Status.fromThrowable(t)));
            }

            @Override
            public void onCompleted() {
              ended.complete(new Outcome(null, Status.OK));
            }
          });
      requests.onNext(DiscoveryRequest.newBuilder().setNode(Node.newBuilder().setId("default." + name))
          .setTypeUrl(CDS).build());
      Outcome outcome = ended.get(20, TimeUnit.SECONDS);
      requests.onCompleted();
      return outcome;
    } finally {
      channel.shutdownNow();
    }
  }

  static void putDataplane(String name) {
    Http.Reply reply = Http.put(store.apiUrl() + "/meshes/default/dataplanes/" + name, """
        {"type":"Dataplane","mesh":"default","name":"%s",
         "networking":{"address":"10.0.0.7","inbound":[{"port":8080,"tags":{"kuma.io/service":"app"}}]}}
        """.formatted(name), "application/json");
    assertThat(reply.status()).as(reply.body()).isIn(200, 201);
  }

  /** Waits until the xds-server knows the Dataplane (it follows the store), so a refusal is about the token. */
  static void awaitAdmitted(String name) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    try {
      while (System.nanoTime() < deadline) {
        Outcome o = openAds(name, "probe");
        if (o.status().getCode() != Status.Code.NOT_FOUND && o.status().getCode() != Status.Code.UNAVAILABLE) return;
        Thread.sleep(100);
      }
    } catch (Exception e) {
      throw new AssertionError("ADS stream for " + name + " failed", e);
    }
    throw new AssertionError("the xds-server never learnt of Dataplane " + name);
  }

  /**
   * A Pod of {@code serviceAccount} as it reaches the webhook on a real cluster: the ServiceAccount
   * admission plugin (off in this API server, which has no controller-manager to make default service
   * accounts) has added the projected token volume and mounted it into the application.
   */
  static String pod(String name, String serviceAccount) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %1$s
          namespace: %2$s
        spec:
          serviceAccountName: %3$s
          containers:
            - name: app
              image: registry.example/app:1
              volumeMounts:
                - name: kube-api-access-%1$s
                  readOnly: true
                  mountPath: %4$s
          volumes:
            - name: kube-api-access-%1$s
              projected:
                sources:
                  - serviceAccountToken:
                      path: token
                      expirationSeconds: 3607
        """.formatted(name, NAMESPACE, serviceAccount, TOKEN_DIR);
  }

  /** Until the API server calls the webhook (its configuration takes a moment to be in effect). */
  static void awaitInjection() {
    String probe = write("probe.yaml", pod("probe", "default"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      KubeApiServer.KubectlResult r = kube.runKubectl("create", "--dry-run=server", "-o", "json", "-f", probe);
      if (r.exitCode() == 0 && r.stdout().contains("kuma-sidecar")) return;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("the webhook never injected a Pod:\n" + webhook.log());
  }

  static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) if (name.equals(e.path("name").asText())) return e.path("value").asText();
    return null;
  }

  static JsonNode json(String text) {
    return KubeManifests.json(text);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String write(String name, String content) {
    return KubeManifests.write(tmp, name, content);
  }
}
