package dev.atrium.webhook.controller.source;

import dev.atrium.webhook.controller.model.ManagedObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * What the controllers read from the API server, through informers (one list, then a watch each):
 * every Pod, Service and Namespace, and the Deployments the gateway controller manages. Lookups are
 * served from memory. Each change is handed to a listener as (before, after), either null when the
 * object appeared or went.
 */
public final class ClusterCache implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ClusterCache.class);

  /** Who is told about changes; called on the informers' threads, so it only queues keys. */
  public interface Listener {
    void pod(Pod before, Pod after);

    void service(Service before, Service after);

    void namespace(Namespace before, Namespace after);

    void deployment(Deployment before, Deployment after);
  }

  private final KubernetesClient client;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<Namespace> namespaces;
  private SharedIndexInformer<Deployment> deployments;

  public ClusterCache(KubernetesClient client) {
    this.client = client;
  }

  public synchronized void start(Listener listener) {
    pods = inform(client.pods().inAnyNamespace().runnableInformer(0), listener::pod, "pods");
    services = inform(client.services().inAnyNamespace().runnableInformer(0), listener::service, "services");
    namespaces = inform(client.namespaces().runnableInformer(0), listener::namespace, "namespaces");
    deployments = inform(client.apps().deployments().inAnyNamespace()
        .withLabel(ManagedObjects.MANAGED_BY, ManagedObjects.MANAGED_BY_VALUE).withLabel(ManagedObjects.INSTANCE)
        .runnableInformer(0), listener::deployment, "gateway deployments");
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer, BiConsumer<T, T> onChange,
      String what) {
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        onChange.accept(null, obj);
      }

      @Override
      public void onUpdate(T before, T after) {
        onChange.accept(before, after);
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        onChange.accept(obj, null);
      }
    });
    informer.start().whenComplete((ok, e) -> {
      if (e != null) LOG.errorf("the %s informer could not start: %s", what, e.getMessage());
      else LOG.debugf("%s loaded", what);
    });
    informers.add(informer);
    return informer;
  }

  /** True once every informer has its first full list. */
  public synchronized boolean synced() {
    return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  public Pod pod(String namespace, String name) {
    return pods.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
  }

  public List<Pod> pods() {
    return pods.getStore().list();
  }

  public List<Pod> pods(String namespace) {
    return pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  public List<Service> services(String namespace) {
    return services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  public Service service(String namespace, String name) {
    return services.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
  }

  public List<Service> services() {
    return services.getStore().list();
  }

  public Namespace namespace(String name) {
    return namespaces.getStore().getByKey(name);
  }

  public Deployment deployment(String namespace, String name) {
    return deployments.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
  }

  public List<Deployment> deployments() {
    return deployments.getStore().list();
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }
}
