package dev.atrium.webhook.metrics;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.process.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the webhook needs around it, real: a kube-apiserver (namespaces, and the meshes as kuma.io Mesh
 * objects, with the generated CRD) holding the Mesh {@code default} and a namespace {@code demo}
 * labelled for injection, and a serving certificate. The controllers are off: they are not what these
 * tests look at, and would wait for a resource-store.
 */
public class WebhookCluster implements QuarkusTestResourceLifecycleManager {
  static final String NAMESPACE = "demo";
  private static final String OBJECTS = """
      apiVersion: kuma.io/v1alpha1
      kind: Mesh
      metadata:
        name: default
      ---
      apiVersion: v1
      kind: Namespace
      metadata:
        name: demo
        labels:
          kuma.io/sidecar-injection: enabled
      """;

  /** The CA the test's HTTPS client trusts. */
  static WebhookCertificates certificates;
  private KubeApiServer server;
  private Path certificateDir;

  @Override
  public Map<String, String> start() {
    server = KubeApiServer.start();
    try {
      server.kubectl("apply", "-f", RepoPaths.root().resolve("deploy/k8s/crds/kuma.io_meshes.yaml").toString());
      server.kubectl("wait", "--for=condition=Established", "crd/meshes.kuma.io", "--timeout=120s");
      Path objects = Files.createTempFile("atrium-webhook-test-", ".yaml");
      Files.writeString(objects, OBJECTS);
      server.kubectl("apply", "-f", objects.toString());
      Files.delete(objects);
      certificateDir = Files.createTempDirectory("atrium-webhook-certs-");
      certificates = WebhookCertificates.create(certificateDir);
    } catch (IOException e) {
      stop();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    return Map.of(
        "atrium.webhook.kubeconfig", server.kubeconfig().toString(),
        "atrium.webhook.mesh-source", "kubernetes",
        "atrium.webhook.tls-cert-file", certificates.cert().toString(),
        "atrium.webhook.tls-key-file", certificates.key().toString(),
        "atrium.controllers.enabled", "false",
        "quarkus.http.test-ssl-port", String.valueOf(Ports.free()),
        // Nothing here reads from a store; a free port keeps a store someone else runs out of reach.
        "quarkus.grpc.clients.store.port", String.valueOf(Ports.free()));
  }

  @Override
  public void stop() {
    if (server != null) server.close();
    server = null;
    if (certificateDir != null) deleteTree(certificateDir);
    certificateDir = null;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is not worth failing the tests for
    }
  }
}
