package dev.atrium.webhook.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The API server client: from a kubeconfig file when one is configured, else fabric8's discovery (in-cluster first). */
public final class KubernetesClients {
  private KubernetesClients() {}

  public static KubernetesClient create(Optional<String> kubeconfig) {
    if (kubeconfig.isEmpty() || kubeconfig.get().isBlank()) return new KubernetesClientBuilder().build();
    Path file = Path.of(kubeconfig.get());
    try {
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(file))).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the kubeconfig " + file, e);
    }
  }
}
