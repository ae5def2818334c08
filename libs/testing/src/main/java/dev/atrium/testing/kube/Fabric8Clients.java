package dev.atrium.testing.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The only class here that touches fabric8, so {@link KubeApiServer} loads and works (kubectl, the
 * JDK HTTP clients) in a module that does not have fabric8 on its class path.
 */
final class Fabric8Clients {
  private Fabric8Clients() {}

  static KubernetesClient forKubeconfig(Path kubeconfig) {
    try {
      // From the file's contents alone: no ~/.kube/config, $KUBECONFIG or in-cluster settings mixed in.
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + kubeconfig, e);
    }
  }
}
