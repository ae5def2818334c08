package dev.atrium.e2e.kube;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.ServiceProcess;
import dev.atrium.testing.process.StoreProcess;
import java.nio.file.Path;

/**
 * The packaged admission webhook on 127.0.0.1: HTTPS with the given certificate, health on a plain
 * management port, the API server through the admin kubeconfig, meshes and secrets from the store.
 */
final class WebhookProcess extends ServiceProcess {
  static final Path JAR = RepoPaths.root().resolve("services/admission-webhook/target/quarkus-app/quarkus-run.jar");

  private final int port = Ports.free();
  private final int managementPort = Ports.free();

  WebhookProcess(KubeApiServer kube, StoreProcess store, WebhookCertificates certs, Path workDir) {
    super(JAR, workDir, "admission-webhook");
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

  /** Where meshes are looked up: {@code store} (the default) or {@code kubernetes} (kuma.io Mesh objects). */
  WebhookProcess meshSource(String source) {
    env.put("ATRIUM_WEBHOOK_MESH_SOURCE", source);
    return this;
  }

  /** {@code https://127.0.0.1:<port>}, what the webhook configurations' clientConfig.url starts with. */
  String url() {
    return "https://127.0.0.1:" + port;
  }

  String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  @Override
  protected String readyUrl() {
    return managementUrl() + "/q/health/ready";
  }
}
