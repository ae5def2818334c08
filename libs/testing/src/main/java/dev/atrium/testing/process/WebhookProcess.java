package dev.atrium.testing.process;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import java.nio.file.Path;

/**
 * The packaged admission webhook on 127.0.0.1: HTTPS with the given certificate, health on a plain
 * management port, the API server through the admin kubeconfig, meshes and secrets from the store.
 * Shared by the Kubernetes end-to-end tests ({@code tests/e2e} {@code dev.atrium.e2e.kube}) and
 * {@code bench/webhook}.
 */
public final class WebhookProcess extends ServiceProcess {
  public static final Path JAR = RepoPaths.root().resolve("services/admission-webhook/target/quarkus-app/quarkus-run.jar");

  private final int port = Ports.free();
  private final int managementPort = Ports.free();
  private final Path log;

  public WebhookProcess(KubeApiServer kube, StoreProcess store, WebhookCertificates certs, Path workDir) {
    super(JAR, workDir, "admission-webhook", "admission-webhook");
    this.log = workDir.resolve("admission-webhook.log");
    env.put("ATRIUM_WEBHOOK_HOST", "127.0.0.1");
    env.put("ATRIUM_WEBHOOK_PORT", String.valueOf(port));
    env.put("ATRIUM_WEBHOOK_MANAGEMENT_HOST", "127.0.0.1");
    env.put("ATRIUM_WEBHOOK_MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("ATRIUM_WEBHOOK_TLS_CERT_FILE", certs.cert().toString());
    env.put("ATRIUM_WEBHOOK_TLS_KEY_FILE", certs.key().toString());
    env.put("ATRIUM_WEBHOOK_KUBECONFIG", kube.kubeconfig().toString());
    env.put("ATRIUM_WEBHOOK_SIDECAR_IMAGE", "atrium/atrium-dp:e2e");
    env.put("ATRIUM_STORE_GRPC_PORT", String.valueOf(store.grpcPort()));
    // Every admission with its handling time in the log.
    env.put("QUARKUS_LOG_CATEGORY__DEV_ATRIUM_WEBHOOK__LEVEL", "DEBUG");
    // The same process runs the Pod/MeshGatewayInstance controllers; these tests are about admission.
    env.put("ATRIUM_CONTROLLERS_ENABLED", "false");
  }

  /**
   * The level of the webhook's own log category ({@code dev.atrium.webhook}); DEBUG (the default here)
   * logs every admission with its handling time, INFO is what a deployment runs with.
   */
  /**
   * Ready means the health port says so and the HTTPS port takes connections: the two servers bind
   * independently, and a test that calls the webhook right away must not race the second bind.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T extends ServiceProcess> T start() {
    super.start();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (true) {
      try (java.net.Socket probe = new java.net.Socket()) {
        probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
        return (T) this;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          close();
          throw new IllegalStateException("the webhook's HTTPS port " + port + " does not accept connections: " + e);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(ie);
        }
      }
    }
  }

  public WebhookProcess logLevel(String level) {
    env.put("QUARKUS_LOG_CATEGORY__DEV_ATRIUM_WEBHOOK__LEVEL", level);
    return this;
  }

  /** Where meshes are looked up: {@code store} (the default) or {@code kubernetes} (kuma.io Mesh objects). */
  public WebhookProcess meshSource(String source) {
    env.put("ATRIUM_WEBHOOK_MESH_SOURCE", source);
    return this;
  }

  /**
   * Runs the controllers too, as replica {@code identity} of the Lease in {@code leaseNamespace}, with
   * short lease timings so a fail-over takes seconds, talking to the API server as {@code kubeconfig}
   * says (a service account's, to check its RBAC).
   */
  public WebhookProcess controllers(String identity, String leaseNamespace, Path kubeconfig) {
    env.put("ATRIUM_WEBHOOK_KUBECONFIG", kubeconfig.toString());
    env.put("ATRIUM_CONTROLLERS_ENABLED", "true");
    env.put("ATRIUM_CONTROLLERS_LEADER_IDENTITY", identity);
    env.put("ATRIUM_CONTROLLERS_LEASE_NAMESPACE", leaseNamespace);
    env.put("ATRIUM_CONTROLLERS_LEASE_DURATION", "4s");
    env.put("ATRIUM_CONTROLLERS_RENEW_DEADLINE", "3s");
    env.put("ATRIUM_CONTROLLERS_RETRY_PERIOD", "500ms");
    env.put("ATRIUM_CONTROLLERS_GATEWAY_IMAGE", "atrium/atrium-dp:e2e");
    return this;
  }

  /**
   * Where injected sidecars and gateway Pods find the xds-server ({@code ATRIUM_CP_ADDRESS}) and the CA
   * file whose PEM the webhook puts inline in their {@code KUMA_CONTROL_PLANE_CA_CERT}, as the chart
   * configures both ({@code atrium.webhook.*} and {@code atrium.controllers.gateway.*}). The file must
   * exist at {@link #start()}.
   */
  public WebhookProcess controlPlane(String address, Path caFile) {
    env.put("ATRIUM_WEBHOOK_CONTROL_PLANE_ADDRESS", address);
    env.put("ATRIUM_WEBHOOK_CONTROL_PLANE_CA_FILE", caFile.toString());
    env.put("ATRIUM_CONTROLLERS_GATEWAY_CONTROL_PLANE_ADDRESS", address);
    env.put("ATRIUM_CONTROLLERS_GATEWAY_CONTROL_PLANE_CA_FILE", caFile.toString());
    return this;
  }

  /** The whole log so far. */
  public String log() {
    try {
      return java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code https://127.0.0.1:<port>}, what the webhook configurations' clientConfig.url starts with. */
  public String url() {
    return "https://127.0.0.1:" + port;
  }

  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  @Override
  protected String readyUrl() {
    return managementUrl() + "/q/health/ready";
  }
}
