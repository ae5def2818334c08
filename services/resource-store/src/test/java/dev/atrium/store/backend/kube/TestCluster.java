package dev.atrium.store.backend.kube;

import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.testing.kube.KubeApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real etcd + kube-apiserver for the Kubernetes store tests, with the kuma.io CRDs: the generated
 * ones from {@code deploy/k8s/crds/} when the repository has them, otherwise minimal CRDs that keep
 * every field ({@code minimal-crds.yaml}). {@code -Datrium.test.crds=minimal} forces the latter.
 */
public final class TestCluster implements AutoCloseable {
  public static final String SYSTEM_NAMESPACE = "kuma-system";

  private final KubeApiServer server;
  private final KubernetesClient client;
  private final String crds;

  private TestCluster(KubeApiServer server, String crds) {
    this.server = server;
    this.crds = crds;
    this.client = server.newClient();
  }

  public static TestCluster start() {
    KubeApiServer server = KubeApiServer.start();
    try {
      Path generated = generatedCrds();
      String crds;
      if (generated != null && !"minimal".equals(System.getProperty("atrium.test.crds"))) {
        server.kubectl("apply", "-f", generated.toString());
        crds = "generated CRDs from " + generated;
      } else {
        server.kubectl("apply", "-f", copyOfResource("/kube/minimal-crds.yaml").toString());
        crds = "minimal CRDs (src/test/resources/kube/minimal-crds.yaml)";
      }
      server.kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=120s");
      System.out.println("Kubernetes store tests use " + crds);
      return new TestCluster(server, crds);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Which CRDs are installed, for the test log. */
  public String crds() {
    return crds;
  }

  public KubeApiServer server() {
    return server;
  }

  public KubernetesClient client() {
    return client;
  }

  /** A store as the service opens one: from the cluster's client configuration, with a client of its own. */
  public KubernetesBackend open(EventRetention retention) {
    return KubernetesBackend.open(client.getConfiguration(), SYSTEM_NAMESPACE, retention, Duration.ofSeconds(60));
  }

  /** Deletes every object of every kind the store reads: a fresh store for the next test. */
  public void wipe() {
    for (KubeKind kind : KubeKind.all()) kind.collection(client, SYSTEM_NAMESPACE).delete();
  }

  /** Applies {@code yaml} with the cluster's own kubectl; {@code extra} arguments come first (e.g. --validate=false). */
  public String kubectlApply(String yaml, String... extra) {
    try {
      Path file = Files.createTempFile("atrium-kubectl-", ".yaml");
      try {
        Files.writeString(file, yaml);
        String[] args = new String[extra.length + 3];
        args[0] = "apply";
        System.arraycopy(extra, 0, args, 1, extra.length);
        args[extra.length + 1] = "-f";
        args[extra.length + 2] = file.toString();
        return server.kubectl(args);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.close();
    }
  }

  /** {@code deploy/k8s/crds} of this repository (the build's atrium.repo.root, or upwards from here); null if absent. */
  private static Path generatedCrds() {
    String root = System.getProperty("atrium.repo.root");
    if (root != null && !root.isEmpty()) {
      Path crds = Path.of(root, "deploy/k8s/crds");
      return Files.isDirectory(crds) ? crds : null;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path crds = dir.resolve("deploy/k8s/crds");
      if (Files.isDirectory(crds)) return crds;
      if (Files.exists(dir.resolve(".git"))) return null;
    }
    return null;
  }

  private static Path copyOfResource(String name) {
    try (InputStream in = TestCluster.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing test resource " + name);
      Path file = Files.createTempFile("atrium-crds-", ".yaml");
      Files.write(file, in.readAllBytes());
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
