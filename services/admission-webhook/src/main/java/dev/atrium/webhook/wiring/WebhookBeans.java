package dev.atrium.webhook.wiring;

import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.validation.Validator;
import dev.atrium.follow.WatchRetry;
import dev.atrium.webhook.config.WebhookConfig;
import dev.atrium.webhook.inject.InjectionSettings;
import dev.atrium.webhook.inject.SidecarInjector;
import dev.atrium.webhook.kube.InformerNamespaceDirectory;
import dev.atrium.webhook.kube.KubernetesClients;
import dev.atrium.webhook.kube.KubernetesMeshDirectory;
import dev.atrium.webhook.kube.NamespaceDirectory;
import dev.atrium.webhook.mesh.MeshDirectory;
import dev.atrium.webhook.metadata.ProxyCredentials;
import dev.atrium.webhook.metrics.AdmissionMeters;
import dev.atrium.webhook.store.StoreMeshDirectory;
import dev.atrium.webhook.store.StoreSecretLookup;
import dev.atrium.webhook.validate.KumaResourceValidator;
import dev.atrium.webhook.validate.ModeAdmission;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Assembles the webhook once: the API server client, the namespace and mesh directories (started at
 * boot so their informers and watch are loaded before the first request), the injector and the
 * validator. The decisions themselves live in {@code inject}, {@code service} and {@code validate}.
 */
@Singleton
public class WebhookBeans {
  @GrpcClient("store")
  Store store;

  @GrpcClient("store")
  StoreGrpc.StoreBlockingStub storeBlocking;

  @GrpcClient("store")
  Channel storeChannel;

  @Produces
  @Singleton
  KubernetesClient kubernetesClient(WebhookConfig config) {
    return KubernetesClients.create(config.kubeconfig());
  }

  void closeClient(@Disposes KubernetesClient client) {
    client.close();
  }

  @Produces
  @Singleton
  @Startup
  NamespaceDirectory namespaces(KubernetesClient client) {
    InformerNamespaceDirectory namespaces = new InformerNamespaceDirectory(client);
    namespaces.start();
    return namespaces;
  }

  void closeNamespaces(@Disposes NamespaceDirectory namespaces) {
    if (namespaces instanceof InformerNamespaceDirectory informer) informer.close();
  }

  @Produces
  @Singleton
  @Startup
  MeshDirectory meshes(WebhookConfig config, KubernetesClient client) {
    if (config.meshSource() == WebhookConfig.MeshSource.KUBERNETES) {
      KubernetesMeshDirectory meshes = new KubernetesMeshDirectory(client);
      meshes.start();
      return meshes;
    }
    StoreMeshDirectory meshes = new StoreMeshDirectory(store, storeBlocking, config.lookupTimeout(),
        new WatchRetry(config.storeRetryDelay(), config.storeMaxRetryDelay(), storeChannel));
    meshes.start();
    return meshes;
  }

  void closeMeshes(@Disposes MeshDirectory meshes) {
    if (meshes instanceof StoreMeshDirectory s) s.stop();
    if (meshes instanceof KubernetesMeshDirectory k) k.close();
  }

  @Produces
  @Singleton
  SidecarInjector injector(WebhookConfig config, MeshDirectory meshes, AdmissionMeters meters) {
    return new SidecarInjector(settings(config), meshes, meters::injected);
  }

  @Produces
  @Singleton
  KumaResourceValidator validator(WebhookConfig config) {
    return new KumaResourceValidator(new Validator(new StoreSecretLookup(storeBlocking, config.lookupTimeout())));
  }

  @Produces
  @Singleton
  ModeAdmission modes(WebhookConfig config) {
    return new ModeAdmission(config.mode(), config.systemNamespace(), config.privilegedUsers());
  }

  static InjectionSettings settings(WebhookConfig c) {
    return new InjectionSettings(c.sidecarImage(), c.initImage(), c.controlPlaneAddress(), c.nativeSidecar(),
        c.sidecarUid(), c.envoyAdminPort(), c.readinessPort(), c.inboundRedirectPort(), c.outboundRedirectPort(),
        c.sidecarCpuRequest(), c.sidecarMemoryRequest(), c.sidecarCpuLimit(), c.sidecarMemoryLimit(),
        ProxyCredentials.ControlPlaneCa.fromFile(c.controlPlaneCaFile(), "atrium.webhook.control-plane-ca-file"));
  }
}
