package dev.atrium.webhook.controller.assembly;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus;
import dev.atrium.webhook.controller.assembly.InstanceObjects.InstanceObject;
import dev.atrium.webhook.controller.model.GatewayDeployment;
import dev.atrium.webhook.controller.model.GatewayInstance;
import dev.atrium.webhook.controller.model.GatewaySelection;
import dev.atrium.webhook.controller.model.GatewayService;
import dev.atrium.webhook.controller.model.GatewaySettings;
import dev.atrium.webhook.controller.model.InstanceReadiness;
import dev.atrium.webhook.controller.model.InstanceReadiness.Readiness;
import dev.atrium.webhook.controller.model.ManagedObjects;
import dev.atrium.webhook.controller.runtime.Reconciler;
import dev.atrium.webhook.controller.source.ClusterCache;
import dev.atrium.webhook.controller.source.StoreCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * MeshGatewayInstance → Deployment + Service, in named steps: {@link #instance} (from the store),
 * {@link #gateway} (the MeshGateway selecting its tags), {@link #applyService} and
 * {@link #applyDeployment} (server-side apply of the desired objects from {@code model}),
 * {@link #readiness}, {@link #reportStatus}. An instance that is gone, or that no MeshGateway selects,
 * gets its objects removed (nothing would configure its Pods).
 */
public final class GatewayInstanceReconciler implements Reconciler<InstanceKey> {
  private static final Logger LOG = Logger.getLogger(GatewayInstanceReconciler.class);

  private final KubernetesClient client;
  private final ClusterCache cluster;
  private final StoreCache stored;
  private final InstanceObjects objects;
  private final GatewaySettings settings;
  private final Clock clock;

  public GatewayInstanceReconciler(KubernetesClient client, ClusterCache cluster, StoreCache stored, InstanceObjects objects,
      GatewaySettings settings, Clock clock) {
    this.client = client;
    this.cluster = cluster;
    this.stored = stored;
    this.objects = objects;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void reconcile(InstanceKey key) {
    Optional<GatewayInstance> instance = instance(key);
    if (instance.isEmpty()) {
      removeObjects(key, "the MeshGatewayInstance is gone");
      return;
    }
    GatewayInstance gi = instance.get();
    Optional<InstanceObject> object = objects.find(key.namespace(), key.name());
    Optional<ManagedObjects.Owner> owner = object.map(InstanceObject::owner);
    Optional<Resource> gateway = gateway(gi);
    Readiness readiness;
    Service service = null;
    if (gateway.isEmpty()) {
      removeObjects(key, "no MeshGateway selects it");
      readiness = InstanceReadiness.noGateway(gi);
    } else {
      List<Integer> ports = GatewaySelection.ports(gateway.get());
      Applied<Service> appliedService = applyService(gi, ports, owner);
      Applied<Deployment> deployment = applyDeployment(gi, ports, owner);
      readiness = readiness(gi, appliedService, deployment);
      service = appliedService.object();
    }
    Service shown = service;
    object.ifPresent(o -> reportStatus(o, readiness, shown));
  }

  /** The result of applying one object: what the API server returned, or why it refused. */
  record Applied<T>(T object, String refusal) {}

  Optional<GatewayInstance> instance(InstanceKey key) {
    return stored.all(ResourceKind.MESH_GATEWAY_INSTANCE).stream().map(GatewayInstance::of).flatMap(Optional::stream)
        .filter(i -> i.namespace().equals(key.namespace()) && i.name().equals(key.name())).findFirst();
  }

  Optional<Resource> gateway(GatewayInstance instance) {
    return GatewaySelection.select(instance, stored.all(ResourceKind.MESH_GATEWAY));
  }

  Applied<Service> applyService(GatewayInstance instance, List<Integer> ports, Optional<ManagedObjects.Owner> owner) {
    Service existing = cluster.service(instance.namespace(), instance.name());
    if (existing != null && ManagedObjects.instanceOf(existing).isEmpty()) {
      return new Applied<>(null, "a Service " + instance.name() + " that Atrium does not manage already exists");
    }
    return apply(GatewayService.desired(instance, ports, owner), "Service");
  }

  Applied<Deployment> applyDeployment(GatewayInstance instance, List<Integer> ports, Optional<ManagedObjects.Owner> owner) {
    if (cluster.deployment(instance.namespace(), instance.name()) == null) {
      Deployment existing = client.apps().deployments().inNamespace(instance.namespace()).withName(instance.name()).get();
      if (existing != null && ManagedObjects.instanceOf(existing).isEmpty()) {
        return new Applied<>(null, "a Deployment " + instance.name() + " that Atrium does not manage already exists");
      }
    }
    return apply(GatewayDeployment.desired(instance, ports, settings, owner), "Deployment");
  }

  private <T extends HasMetadata> Applied<T> apply(T desired, String what) {
    try {
      T applied = client.resource(desired).fieldManager(ManagedObjects.FIELD_MANAGER).forceConflicts().serverSideApply();
      LOG.debugf("applied %s %s/%s", what, desired.getMetadata().getNamespace(), desired.getMetadata().getName());
      return new Applied<>(applied, null);
    } catch (KubernetesClientException e) {
      // Refused for what it says (invalid, forbidden): no retry helps until the instance changes. Else retry.
      if (e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 409 && e.getCode() != 429) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        LOG.warnf("the API server refused %s %s/%s: %s", what, desired.getMetadata().getNamespace(),
            desired.getMetadata().getName(), message);
        return new Applied<>(null, message);
      }
      throw e;
    }
  }

  Readiness readiness(GatewayInstance instance, Applied<Service> service, Applied<Deployment> deployment) {
    if (service.refusal() != null) return InstanceReadiness.applyFailed("Service", service.refusal());
    if (deployment.refusal() != null) return InstanceReadiness.applyFailed("Deployment", deployment.refusal());
    return InstanceReadiness.of(instance, deployment.object(), service.object());
  }

  void reportStatus(InstanceObject object, Readiness readiness, Service service) {
    MeshGatewayInstanceStatus status = InstanceReadiness.status(readiness, object.status(), object.generation(), service,
        clock.instant());
    if (InstanceReadiness.same(status, object.status())) return;
    objects.writeStatus(object, status);
    LOG.infof("MeshGatewayInstance %s/%s: Ready=%s (%s) %s", object.namespace(), object.name(), readiness.status(),
        readiness.reason(), readiness.message());
  }

  private void removeObjects(InstanceKey key, String why) {
    Deployment deployment = cluster.deployment(key.namespace(), key.name());
    if (deployment != null && ManagedObjects.instanceOf(deployment).filter(key.name()::equals).isPresent()) {
      client.resource(deployment).delete();
      LOG.infof("deleted Deployment %s/%s: %s", key.namespace(), key.name(), why);
    }
    Service service = cluster.service(key.namespace(), key.name());
    if (service != null && ManagedObjects.instanceOf(service).filter(key.name()::equals).isPresent()) {
      client.resource(service).delete();
      LOG.infof("deleted Service %s/%s: %s", key.namespace(), key.name(), why);
    }
  }
}
