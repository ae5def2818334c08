package dev.atrium.webhook.controller;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.webhook.controller.assembly.InstanceKey;
import dev.atrium.webhook.controller.assembly.PodKey;
import dev.atrium.webhook.controller.model.GatewayInstance;
import dev.atrium.webhook.controller.model.KumaNames;
import dev.atrium.webhook.controller.model.ManagedObjects;
import dev.atrium.webhook.controller.model.ServiceOutbounds;
import dev.atrium.webhook.controller.runtime.ControllerLoop;
import dev.atrium.webhook.controller.source.ClusterCache;
import dev.atrium.webhook.controller.source.StoreCache;
import dev.atrium.webhook.metadata.KumaMetadata;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Which keys a change concerns: every change in the cluster or the store becomes the keys of the Pods
 * and MeshGatewayInstances whose desired state it can alter, queued on their controller. Nothing is
 * reconciled here (this runs on informer and watch threads). Outbounds make one Pod's Dataplane depend
 * on the others of its mesh: a Dataplane that offers a new service (or drops one, or moves an endpoint
 * of a headless Service) queues every Pod with a Dataplane in that mesh; the queue keeps one entry per
 * Pod however many changes arrive.
 */
final class EventRouting implements ClusterCache.Listener, StoreCache.Listener {
  private final ClusterCache cluster;
  private final StoreCache stored;
  private final ControllerLoop<PodKey> pods;
  private final ControllerLoop<InstanceKey> instances;

  EventRouting(ClusterCache cluster, StoreCache stored, ControllerLoop<PodKey> pods, ControllerLoop<InstanceKey> instances) {
    this.cluster = cluster;
    this.stored = stored;
    this.pods = pods;
    this.instances = instances;
  }

  /**
   * Pods with the sidecar, a gateway or the ingress annotation: the only ones that may have a Dataplane or
   * a ZoneIngress.
   */
  static boolean inMesh(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a != null && (a.containsKey(KumaMetadata.GATEWAY) || a.containsKey(KumaMetadata.SIDECAR_INJECTED)
        || a.containsKey(KumaNames.INGRESS_ANNOTATION));
  }

  @Override
  public void pod(Pod before, Pod after) {
    Pod pod = after != null ? after : before;
    if ((before != null && inMesh(before)) || (after != null && inMesh(after))) pods.enqueue(PodKey.of(pod));
  }

  /**
   * A Service selects Pods of its namespace: their inbounds may change. It may also be a gateway's. A
   * Service that appears, goes or gets another ClusterIP changes the outbounds of every Pod's Dataplane
   * (any namespace, any mesh: the reconcile finds which, and writes only those).
   */
  @Override
  public void service(Service before, Service after) {
    Service svc = after != null ? after : before;
    meshPodsIn(svc.getMetadata().getNamespace());
    Stream.of(before, after).filter(s -> s != null).forEach(this::managed);
    if (before == null || after == null || !Objects.equals(clusterIp(before), clusterIp(after))) {
      stored.all(ResourceKind.DATAPLANE).forEach(dp -> PodKey.ofDataplane(dp).ifPresent(pods::enqueue));
    }
  }

  private static String clusterIp(Service svc) {
    return svc.getSpec() == null ? null : svc.getSpec().getClusterIP();
  }

  /** The namespace's mesh label or annotation applies to its Pods. */
  @Override
  public void namespace(Namespace before, Namespace after) {
    meshPodsIn((after != null ? after : before).getMetadata().getName());
  }

  @Override
  public void deployment(Deployment before, Deployment after) {
    managed(after != null ? after : before);
  }

  @Override
  public void changed(Resource before, Resource after) {
    Resource r = after != null ? after : before;
    switch (r.kind()) {
      case DATAPLANE -> {
        Stream.of(before, after).filter(x -> x != null).forEach(dp -> PodKey.ofDataplane(dp).ifPresent(pods::enqueue));
        boolean movedMesh = before != null && after != null && !before.mesh().equals(after.mesh());
        if (movedMesh || ServiceOutbounds.changesOutbounds(spec(before), spec(after), this::headless)) {
          Stream.of(before, after).filter(x -> x != null).map(Resource::mesh).distinct().forEach(this::podsWithDataplanesIn);
        }
      }
      case ZONE_INGRESS -> Stream.of(before, after).filter(x -> x != null).forEach(zi -> PodKey.ofDataplane(zi).ifPresent(pods::enqueue));
      case MESH -> meshPods(); // a Pod waiting for its mesh can have its Dataplane now
      case MESH_GATEWAY_INSTANCE -> Stream.of(before, after).filter(x -> x != null)
          .forEach(i -> GatewayInstance.of(i).ifPresent(gi -> instances.enqueue(new InstanceKey(gi.namespace(), gi.name()))));
      case MESH_GATEWAY -> Stream.of(before, after).filter(x -> x != null).forEach(g -> instancesIn(g.mesh()));
      default -> { }
    }
  }

  /** What failed while the store was away is tried again now, not after its back-off. */
  @Override
  public void resumed() {
    pods.retryFailedNow();
    instances.retryFailedNow();
  }

  /** Everything, once this replica leads: what changed while it did not, and what is left over. */
  void resyncAll() {
    meshPods();
    stored.all(ResourceKind.DATAPLANE).forEach(dp -> PodKey.ofDataplane(dp).ifPresent(pods::enqueue));
    stored.all(ResourceKind.ZONE_INGRESS).forEach(zi -> PodKey.ofDataplane(zi).ifPresent(pods::enqueue));
    stored.all(ResourceKind.MESH_GATEWAY_INSTANCE).forEach(i ->
        GatewayInstance.of(i).ifPresent(gi -> instances.enqueue(new InstanceKey(gi.namespace(), gi.name()))));
    cluster.deployments().forEach(this::managed);
    cluster.services().forEach(this::managed);
  }

  /** The outbounds of every controller-made Dataplane of the mesh may change (those without one get theirs when made). */
  private void podsWithDataplanesIn(String mesh) {
    stored.all(ResourceKind.DATAPLANE).stream().filter(dp -> mesh.equals(dp.mesh()))
        .forEach(dp -> PodKey.ofDataplane(dp).ifPresent(pods::enqueue));
  }

  private boolean headless(String serviceTag) {
    return ServiceOutbounds.parse(serviceTag)
        .map(ref -> cluster.service(ref.namespace(), ref.name()))
        .filter(ServiceOutbounds::isHeadless).isPresent();
  }

  private static DataplaneSpec spec(Resource dp) {
    return dp == null ? null : dp.specAs(DataplaneSpec.class);
  }

  private void meshPods() {
    cluster.pods().stream().filter(EventRouting::inMesh).forEach(p -> pods.enqueue(PodKey.of(p)));
  }

  private void meshPodsIn(String namespace) {
    cluster.pods(namespace).stream().filter(EventRouting::inMesh).forEach(p -> pods.enqueue(PodKey.of(p)));
  }

  private void instancesIn(String mesh) {
    stored.all(ResourceKind.MESH_GATEWAY_INSTANCE).stream().filter(i -> mesh.equals(i.mesh()))
        .forEach(i -> GatewayInstance.of(i).ifPresent(gi -> instances.enqueue(new InstanceKey(gi.namespace(), gi.name()))));
  }

  private void managed(HasMetadata object) {
    ManagedObjects.instanceOf(object)
        .ifPresent(name -> instances.enqueue(new InstanceKey(object.getMetadata().getNamespace(), name)));
  }
}
