package dev.atrium.webhook.kube;

import dev.atrium.webhook.admission.LookupUnavailableException;
import dev.atrium.webhook.mesh.MeshDirectory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

/**
 * Meshes as {@code kuma.io/v1alpha1} Mesh objects (cluster-scoped) of the API server, for clusters
 * where Kubernetes itself holds the mesh resources. Followed by an informer; a miss is confirmed
 * with a direct read.
 */
public final class KubernetesMeshDirectory implements MeshDirectory, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KubernetesMeshDirectory.class);
  static final ResourceDefinitionContext MESHES = new ResourceDefinitionContext.Builder()
      .withGroup("kuma.io").withVersion("v1alpha1").withKind("Mesh").withPlural("meshes").withNamespaced(false).build();

  private final KubernetesClient client;
  private SharedIndexInformer<GenericKubernetesResource> informer;

  public KubernetesMeshDirectory(KubernetesClient client) {
    this.client = client;
  }

  public synchronized void start() {
    informer = client.genericKubernetesResources(MESHES).runnableInformer(0);
    informer.start().whenComplete((ok, e) -> {
      if (e != null) LOG.errorf("the kuma.io Mesh informer could not start (is the CRD installed?): %s", e.getMessage());
      else LOG.infof("meshes loaded from the API server: %d", informer.getStore().list().size());
    });
  }

  @Override
  public boolean ready() {
    return informer != null && informer.hasSynced();
  }

  @Override
  public boolean exists(String mesh) {
    if (informer != null && informer.getStore().getByKey(mesh) != null) return true;
    try {
      return client.genericKubernetesResources(MESHES).withName(mesh).get() != null;
    } catch (KubernetesClientException e) {
      throw new LookupUnavailableException("cannot read kuma.io Mesh " + mesh + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (informer != null) informer.close();
  }
}
