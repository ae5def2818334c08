package dev.atrium.webhook.kube;

import dev.atrium.webhook.admission.LookupUnavailableException;
import dev.atrium.webhook.metadata.NamespaceInfo;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

/**
 * Namespaces from an informer (one list, then a watch), so a Pod admission costs no API call. A
 * namespace the informer has not seen yet (created a moment ago) is read directly.
 */
public final class InformerNamespaceDirectory implements NamespaceDirectory, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(InformerNamespaceDirectory.class);
  private final KubernetesClient client;
  private SharedIndexInformer<Namespace> informer;

  public InformerNamespaceDirectory(KubernetesClient client) {
    this.client = client;
  }

  /** Starts the informer without waiting for its first list; {@link #ready()} says when it has it. */
  public synchronized void start() {
    informer = client.namespaces().runnableInformer(0);
    informer.start().whenComplete((ok, e) -> {
      if (e != null) LOG.errorf("the namespace informer could not start: %s", e.getMessage());
      else LOG.info("namespaces loaded");
    });
  }

  @Override
  public boolean ready() {
    return informer != null && informer.hasSynced();
  }

  @Override
  public NamespaceInfo get(String name) {
    Namespace ns = informer == null ? null : informer.getStore().getByKey(name);
    if (ns == null) {
      try {
        ns = client.namespaces().withName(name).get();
      } catch (KubernetesClientException e) {
        throw new LookupUnavailableException("cannot read namespace " + name + ": " + e.getMessage(), e);
      }
    }
    if (ns == null) return new NamespaceInfo(name, null, null); // gone: nothing to opt it in
    return new NamespaceInfo(name, ns.getMetadata().getLabels(), ns.getMetadata().getAnnotations());
  }

  @Override
  public synchronized void close() {
    if (informer != null) informer.close();
  }
}
