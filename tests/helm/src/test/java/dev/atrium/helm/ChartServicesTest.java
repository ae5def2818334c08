package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.Seeds;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.TrustedCas;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged services, started with the environment the installed chart gives their containers and
 * the credentials of the service accounts it made, against a real kube-apiserver: the resource-store on
 * the Kubernetes backend, the xds-server, the metrics service, and the admission webhook with its controllers. What a
 * cluster would do with the Pods, short of a kubelet: do the variables reach the services' config, is
 * each role enough for its service, does the webhook's certificate verify, does the `helm test` script
 * pass against a real store, and may the store write kuma.io objects while the validating webhook is
 * unreachable (it may: its requests skip the webhook; everyone else's are refused).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartServicesTest {
  private static final String NS = Helm.NAMESPACE;
  private static final List<String> VALUES = List.of("--set", "store.backend=kubernetes");

  private static KubeApiServer kube;
  private static Helm helm;
  private static Path work;
  private static Manifests installed;
  private static ChartServiceProcess store;
  private static ChartServiceProcess xds;
  private static ChartServiceProcess webhook;
  private static ChartServiceProcess metrics;
  private static int storeHttpPort;
  private static int storeGrpcPort;

  @BeforeAll
  static void install() throws IOException {
    helm = Helm.locate();
    work = Files.createTempDirectory("atrium-helm-services-");
    kube = KubeApiServer.start();
    List<String> args = new ArrayList<>(List.of("install", Helm.RELEASE, Helm.chart().toString(), "--namespace", NS,
        "--create-namespace", "--kubeconfig", kube.kubeconfig().toString()));
    args.addAll(VALUES);
    Helm.Result r = helm.run(args);
    assertThat(r.exitCode()).as(r.output()).isZero();
    installed = Manifests.parse(helm.ok("get", "manifest", Helm.RELEASE, "-n", NS, "--kubeconfig", kube.kubeconfig().toString()));
  }

  @AfterAll
  static void stop() throws IOException {
    for (ChartServiceProcess p : new ChartServiceProcess[] {webhook, metrics, xds, store}) {
      if (p != null) p.close();
    }
    if (kube != null) kube.close();
    if (helm != null) helm.close();
    if (work != null) {
      try (Stream<Path> paths = Files.walk(work)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void storeRunsOnKumaObjectsAsItsServiceAccount() throws Exception {
    Map<String, String> env = ChartServiceProcess.chartEnv(installed.get("Deployment", "atrium-resource-store"));
    assertThat(env).containsEntry("ATRIUM_STORE_BACKEND", "kubernetes").containsEntry("ATRIUM_STORE_KUBERNETES_SYSTEM_NAMESPACE", NS)
        .containsEntry("ATRIUM_INTERNAL_CA_FILE", "/etc/atrium/internal-tls/ca.crt")
        .containsEntry("ATRIUM_INTERNAL_TLS_KEY_FILE", "/etc/atrium/internal-tls/tls.key");
    storeHttpPort = Ports.free();
    storeGrpcPort = Ports.free();
    env.putAll(Map.of("ATRIUM_STORE_HTTP_HOST", "127.0.0.1", "ATRIUM_STORE_HTTP_PORT", String.valueOf(storeHttpPort),
        "ATRIUM_STORE_GRPC_HOST", "127.0.0.1", "ATRIUM_STORE_GRPC_PORT", String.valueOf(storeGrpcPort),
        "KUBECONFIG", serviceAccountKubeconfig("atrium-resource-store").toString()));
    env.putAll(internalTls("resource-store"));
    // In a cluster no caller of the REST API is on the store's loopback (the helm test Pod, atriumctl through the
    // Service): here every caller is, so loopback stops meaning admin and the callers below authenticate.
    env.put("ATRIUM_API_LOCALHOST_IS_ADMIN", "false");
    store = ChartServiceProcess.of("resource-store", work.resolve("store"), env, storeUrl() + "q/health/ready").start();
    probesAnswer(storeUrl(), true);

    // The default Mesh it creates at start-up went past the validating webhook, which cannot be reached.
    assertThat(kube.kubectl("get", "meshes.kuma.io", "default", "-o", "name").trim()).isEqualTo("mesh.kuma.io/default");
    // A mesh Secret through the REST API is a core Secret of Kuma's type in the system namespace.
    HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(storeUrl() + "meshes/default/secrets/chart-secret"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken())
        .PUT(HttpRequest.BodyPublishers.ofString("{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"chart-secret\",\"data\":\"c2VjcmV0\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    assertThat(kube.kubectl("get", "secrets", "-n", NS, "--field-selector", "type=system.kuma.io/secret", "-o", "name"))
        .contains("secret/chart-secret");
    assertThat(store.logTail().toLowerCase(Locale.ROOT)).doesNotContain("forbidden");
  }

  @Test
  @Order(2)
  void helmTestScriptPassesAgainstTheStoreAndFailsAgainstSomethingElse() throws Exception {
    Manifests rendered = Manifests.parse(helm.renderOk(List.of(), VALUES.toArray(String[]::new)));
    JsonNode pod = rendered.get("Pod", "atrium-test-store-api");
    assertThat(pod.path("metadata").path("annotations").path("helm.sh/hook").asText()).isEqualTo("test");
    String script = pod.path("spec").path("containers").get(0).path("args").get(0).asText();
    String inCluster = "http://atrium-resource-store.atrium-system.svc:5681/";
    assertThat(script).contains(inCluster);

    String tokenFile = "/var/run/secrets/atrium/admin-user-token/value";
    assertThat(script).contains("token_file=" + tokenFile);
    String index = script.substring(0, script.indexOf("token_file="));

    Shell ok = shell(index.replace(inCluster, storeUrl()));
    assertThat(ok.exitCode()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("\"product\":\"Kuma\"").contains("\"implementation\":{\"product\":\"Atrium\"");
    // Something that answers, but is not the store's index: the script must fail.
    Shell wrong = shell(index.replace(inCluster, storeUrl() + "q/health/live"));
    assertThat(wrong.exitCode()).as(wrong.output()).isNotZero();

    // The admin token, read from the Secret the Pod mounts, as the kubelet would put it in the file.
    JsonNode volume = pod.path("spec").path("volumes").get(0);
    assertThat(volume.path("secret").path("secretName").asText()).isEqualTo("admin-user-token");
    assertThat(pod.path("metadata").path("namespace").asText()).isEqualTo(NS);
    KubeApiServer.KubectlResult secret = kube.runKubectl("get", "secret", "admin-user-token", "-n", NS, "-o",
        "jsonpath={.type} {.data.value}");
    assertThat(secret.exitCode()).as("the GlobalSecret admin-user-token the store makes at first start: " + secret.stderr()).isZero();
    String[] typeAndValue = secret.stdout().trim().split(" ");
    assertThat(typeAndValue[0]).isEqualTo("system.kuma.io/global-secret");
    Path token = Files.writeString(work.resolve("admin-user-token"), adminToken());
    Shell withToken = shell(script.replace(inCluster, storeUrl()).replace(tokenFile, token.toString()));
    assertThat(withToken.exitCode()).as(withToken.output()).isZero();
    assertThat(withToken.output()).contains("global-secrets with the admin token -> 200");
  }

  @Test
  @Order(3)
  void xdsServerRunsWithTheChartsEnvironment() throws Exception {
    Map<String, String> env = ChartServiceProcess.chartEnv(installed.get("Deployment", "atrium-xds-server"));
    assertThat(env).containsEntry("ATRIUM_STORE_GRPC_HOST", "atrium-resource-store.atrium-system.svc");
    int port = Ports.free();
    env.putAll(Map.of("ATRIUM_XDS_HOST", "127.0.0.1", "ATRIUM_XDS_PORT", String.valueOf(port),
        "ATRIUM_STORE_GRPC_HOST", "127.0.0.1", "ATRIUM_STORE_GRPC_PORT", String.valueOf(storeGrpcPort)));
    env.putAll(internalTls("xds-server"));
    // HTTPS only on its port, with the chart's certificate for it (localhost and 127.0.0.1 among its names, for
    // kubectl port-forward), verified against the chart's internal CA as atrium-dp verifies it.
    TrustedCas.register(work.resolve("internal-tls-xds-server/ca.crt"));
    String base = "https://127.0.0.1:" + port + "/";
    // Ready only once its store follower has listed everything: over mutual TLS, with the chart's certificates.
    xds = ChartServiceProcess.of("xds-server", work.resolve("xds"), env, base + "q/health/ready").start();
    probesAnswer(base, true);
    boolean plainServed;
    try {
      plainServed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException dropped) {
      plainServed = false;
    }
    assertThat(plainServed).as("plain HTTP answered on the xds port").isFalse();
  }

  @Test
  @Order(4)
  void metricsServiceRunsWithTheChartsEnvironment() throws Exception {
    Map<String, String> env = ChartServiceProcess.chartEnv(installed.get("Deployment", "atrium-metrics"));
    int port = Ports.free();
    env.putAll(Map.of("ATRIUM_METRICS_HOST", "127.0.0.1", "ATRIUM_METRICS_PORT", String.valueOf(port),
        "ATRIUM_STORE_GRPC_HOST", "127.0.0.1", "ATRIUM_STORE_GRPC_PORT", String.valueOf(storeGrpcPort)));
    env.putAll(internalTls("metrics"));
    metrics = ChartServiceProcess.of("metrics", work.resolve("metrics"), env, "http://127.0.0.1:" + port + "/q/health/ready").start();
    probesAnswer("http://127.0.0.1:" + port + "/", true);
    // Prometheus HTTP service discovery, what NOTES.txt points Prometheus at.
    HttpResponse<String> sd = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prometheus/sd")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(sd.statusCode()).as(sd.body()).isEqualTo(200);
    assertThat(sd.body().strip()).startsWith("[");
  }

  @Test
  @Order(5)
  void webhookServesTheChartsCertificateAndLeadsThroughItsLease() throws Exception {
    Path tls = Files.createDirectories(work.resolve("webhook-tls"));
    for (String key : List.of("tls.crt", "tls.key", "ca.crt")) {
      String b64 = kube.kubectl("get", "secret", "atrium-admission-webhook-tls", "-n", NS, "-o",
          "jsonpath={.data." + key.replace(".", "\\.") + "}");
      Files.write(tls.resolve(key), Base64.getDecoder().decode(b64.trim()));
    }
    Map<String, String> env = ChartServiceProcess.chartEnv(installed.get("Deployment", "atrium-admission-webhook"));
    assertThat(env).containsEntry("ATRIUM_WEBHOOK_TLS_CERT_FILE", "/etc/atrium/webhook/tls.crt")
        .containsEntry("ATRIUM_CONTROLLERS_LEASE_NAMESPACE", NS)
        .containsEntry("ATRIUM_WEBHOOK_CONTROL_PLANE_ADDRESS", "https://atrium-xds-server.atrium-system.svc:5678")
        // The internal CA the webhook mounts anyway signed the xds-server's certificate: proxies get it inline.
        .containsEntry("ATRIUM_WEBHOOK_CONTROL_PLANE_CA_FILE", "/etc/atrium/internal-tls/ca.crt")
        .containsEntry("ATRIUM_CONTROLLERS_GATEWAY_CONTROL_PLANE_CA_FILE", "/etc/atrium/internal-tls/ca.crt");
    int port = Ports.free();
    int management = Ports.free();
    env.putAll(Map.of("ATRIUM_WEBHOOK_HOST", "127.0.0.1", "ATRIUM_WEBHOOK_PORT", String.valueOf(port),
        "ATRIUM_WEBHOOK_MANAGEMENT_HOST", "127.0.0.1", "ATRIUM_WEBHOOK_MANAGEMENT_PORT", String.valueOf(management),
        "ATRIUM_WEBHOOK_TLS_CERT_FILE", tls.resolve("tls.crt").toString(),
        "ATRIUM_WEBHOOK_TLS_KEY_FILE", tls.resolve("tls.key").toString(),
        "ATRIUM_STORE_GRPC_HOST", "127.0.0.1", "ATRIUM_STORE_GRPC_PORT", String.valueOf(storeGrpcPort),
        "ATRIUM_WEBHOOK_KUBECONFIG", serviceAccountKubeconfig("atrium-admission-webhook").toString()));
    env.putAll(internalTls("admission-webhook"));
    String ca = work.resolve("internal-tls-admission-webhook/ca.crt").toString();
    env.put("ATRIUM_WEBHOOK_CONTROL_PLANE_CA_FILE", ca);
    env.put("ATRIUM_CONTROLLERS_GATEWAY_CONTROL_PLANE_CA_FILE", ca);
    webhook = ChartServiceProcess.of("admission-webhook", work.resolve("webhook"), env,
        "http://127.0.0.1:" + management + "/q/health/ready").start();
    probesAnswer("http://127.0.0.1:" + management + "/", true);

    // The API server's view: the Service's DNS name, verified against the CA in the caBundle.
    String host = "atrium-admission-webhook.atrium-system.svc";
    Shell curl = shell("curl --silent --show-error --output /dev/null --write-out '%{http_code}' --cacert " + tls.resolve("ca.crt")
        + " --resolve " + host + ":" + port + ":127.0.0.1 https://" + host + ":" + port + "/q/does-not-exist");
    assertThat(curl.exitCode()).as("TLS to the webhook as the API server sees it: " + curl.output()).isZero();

    String holder = awaitLeaseHolder(Duration.ofSeconds(60));
    assertThat(holder).isNotBlank();
    assertThat(webhook.logTail().toLowerCase(Locale.ROOT)).doesNotContain("forbidden");
  }

  @Test
  @Order(6)
  void gatewayControllerWritesTheInstancesObjectsAndStatus() throws Exception {
    // Through the store, as atriumctl or kumactl would: it writes the kuma.io objects as its service account.
    for (String[] put : new String[][] {
        {"meshes/default/meshgateways/edge-gateway", Seeds.read("meshgateway-edge-gateway.k8s.yaml")},
        {"meshes/default/meshgatewayinstances/edge-gateway.default", Seeds.read("meshgatewayinstance-edge-gateway.k8s.yaml")}}) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(storeUrl() + put[0]))
          .header("Content-Type", "application/yaml").header("Authorization", "Bearer " + adminToken()).PUT(HttpRequest.BodyPublishers.ofString(put[1])).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(put[0] + ": " + r.body()).isIn(200, 201);
    }
    // The leader's controller applies the gateway's Deployment and Service and reports on the instance.
    await("the gateway Deployment", () -> kube.runKubectl("get", "deployment", "edge-gateway", "-n", "default", "-o", "name").exitCode() == 0);
    await("the gateway Service", () -> kube.runKubectl("get", "service", "edge-gateway", "-n", "default", "-o", "name").exitCode() == 0);
    await("the instance's Ready condition", () -> kube.runKubectl("get", "meshgatewayinstances.kuma.io", "edge-gateway", "-n", "default",
        "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}").stdout().strip().length() > 0);
    assertThat(webhook.logTail().toLowerCase(Locale.ROOT)).doesNotContain("forbidden");
    // The gateway's atrium-dp reaches the xds-server over HTTPS and verifies it with the chart's CA, given inline:
    // nothing had to be copied into the instance's namespace.
    Map<String, String> gatewayEnv = ChartServiceProcess.chartEnv(Manifests.parse(
        kube.kubectl("get", "deployment", "edge-gateway", "-n", "default", "-o", "yaml")).get("Deployment", "edge-gateway"));
    assertThat(gatewayEnv).containsEntry("ATRIUM_CP_ADDRESS", "https://atrium-xds-server.atrium-system.svc:5678")
        .containsEntry("KUMA_CONTROL_PLANE_CA_CERT", Files.readString(work.resolve("internal-tls-xds-server/ca.crt")))
        .containsEntry("KUMA_DATAPLANE_RUNTIME_TOKEN_PATH", "/var/run/secrets/kubernetes.io/serviceaccount/token");
  }

  @Test
  @Order(7)
  void kumaWritesByAnyoneButTheStoreGoThroughTheValidatingWebhook() throws IOException {
    // The Service has no endpoints (no kubelet), so the webhook cannot be reached and failurePolicy Fail refuses.
    Path mesh = Files.writeString(work.resolve("mesh.yaml"), """
        apiVersion: kuma.io/v1alpha1
        kind: Mesh
        metadata:
          name: by-the-admin
        """);
    KubeApiServer.KubectlResult r = kube.runKubectl("apply", "-f", mesh.toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("failed calling webhook \"kuma.atrium.dev\"");
  }

  /**
   * The paths of the chart's startup, liveness and readiness probes answer 200 on the probed port, and
   * where the Pod has scrape annotations, /q/metrics answers in Prometheus' text format.
   */
  private static void probesAnswer(String base, boolean metrics) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(TrustedCas.sslContext()).build();
    List<String> paths = new ArrayList<>(List.of("q/health/started", "q/health/live", "q/health/ready"));
    if (metrics) paths.add("q/metrics");
    for (String path : paths) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(base + path + ": " + r.body()).isEqualTo(200);
      if (path.equals("q/metrics")) assertThat(r.body()).contains("# TYPE ");
    }
  }

  private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not appear in 60 s\nwebhook log:\n" + (webhook == null ? "" : webhook.logTail())
            + "\nstore log:\n" + store.logTail());
      }
      Thread.sleep(250);
    }
  }

  /** The admin user token the store made at its first start, from the GlobalSecret admin-user-token (as an operator reads it). */
  private static String adminToken() throws InterruptedException {
    await("the GlobalSecret admin-user-token", () -> kube.runKubectl("get", "secret", "admin-user-token", "-n", NS).exitCode() == 0);
    String b64 = kube.kubectl("get", "secret", "admin-user-token", "-n", NS, "-o", "jsonpath={.data.value}");
    return new String(Base64.getDecoder().decode(b64.trim()), StandardCharsets.UTF_8).trim();
  }

  private static String storeUrl() {
    return "http://127.0.0.1:" + storeHttpPort + "/";
  }

  private String awaitLeaseHolder(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      KubeApiServer.KubectlResult r = kube.runKubectl("get", "lease", "atrium-controllers", "-n", NS, "-o",
          "jsonpath={.spec.holderIdentity}");
      if (r.exitCode() == 0 && !r.stdout().isBlank()) return r.stdout().trim();
      last = r.stdout() + r.stderr();
      Thread.sleep(250);
    }
    throw new AssertionError("no holder of Lease " + NS + "/atrium-controllers after " + timeout.toSeconds() + " s (" + last
        + ")\nwebhook log:\n" + webhook.logTail());
  }

  /**
   * The chart's internal TLS Secret of {@code component} as files (what the Pod mounts at
   * /etc/atrium/internal-tls), and the variables pointing there instead: the services then talk mutual TLS
   * with the certificates Helm generated (the store's has 127.0.0.1 among its names for this).
   */
  private static Map<String, String> internalTls(String component) throws IOException {
    Path dir = Files.createDirectories(work.resolve("internal-tls-" + component));
    for (String key : List.of("ca.crt", "tls.crt", "tls.key")) {
      String b64 = kube.kubectl("get", "secret", "atrium-" + component + "-internal-tls", "-n", NS, "-o",
          "jsonpath={.data." + key.replace(".", "\\.") + "}");
      Files.write(dir.resolve(key), Base64.getDecoder().decode(b64.trim()));
    }
    Map<String, String> env = new java.util.HashMap<>(Map.of("ATRIUM_INTERNAL_CA_FILE", dir.resolve("ca.crt").toString(),
        "ATRIUM_INTERNAL_TLS_CERT_FILE", dir.resolve("tls.crt").toString(), "ATRIUM_INTERNAL_TLS_KEY_FILE", dir.resolve("tls.key").toString()));
    if (component.equals("xds-server")) {
      env.put("ATRIUM_XDS_TLS_CERT_FILE", dir.resolve("tls.crt").toString());
      env.put("ATRIUM_XDS_TLS_KEY_FILE", dir.resolve("tls.key").toString());
    }
    return env;
  }

  /** A kubeconfig that authenticates as the chart's service account, with a token from the TokenRequest API. */
  private static Path serviceAccountKubeconfig(String serviceAccount) throws IOException {
    String token = kube.kubectl("create", "token", serviceAccount, "-n", NS, "--duration=1h").trim();
    String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(kube.caCertificate()));
    return Files.writeString(work.resolve(serviceAccount + ".kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: test
          context:
            cluster: test
            user: %s
            namespace: %s
        current-context: test
        """.formatted(kube.url(), ca, serviceAccount, token, serviceAccount, NS));
  }

  private record Shell(int exitCode, String output) {}

  private static Shell shell(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("script did not finish in 120 s: " + script);
    }
    return new Shell(p.exitValue(), out);
  }
}
