package dev.atrium.webhook.controller.assembly;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.webhook.controller.model.DataplaneForPod;
import dev.atrium.webhook.controller.model.DataplaneForPod.Decision;
import dev.atrium.webhook.controller.model.DesiredDataplane;
import dev.atrium.webhook.controller.model.ServiceOutbounds;
import dev.atrium.webhook.controller.model.ServiceOutbounds.MeshEndpoints;
import dev.atrium.webhook.controller.runtime.Reconciler;
import dev.atrium.webhook.controller.source.ClusterCache;
import dev.atrium.webhook.controller.source.StoreCache;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Pod → Dataplane, in three named steps: {@link #observe} (the Pod, its namespace's Services and the
 * Dataplanes already stored for it, all from the caches), {@link #desire} ({@link DataplaneForPod},
 * then the outbounds for the mesh's Services, {@link ServiceOutbounds}; both pure), {@link #apply} (Put
 * or Delete through the Store API, only what differs — so a Service change that queues every Pod
 * writes only the Dataplanes whose outbounds really changed).
 */
public final class DataplaneReconciler implements Reconciler<PodKey> {
  private static final Logger LOG = Logger.getLogger(DataplaneReconciler.class);

  private final ClusterCache cluster;
  private final StoreCache stored;
  private final StoreWrites writes;
  private final DataplaneForPod model;
  private final DataplaneForPod.Workloads workloads;
  // The mesh's services, built once per store generation: a change that queues every Pod of a mesh
  // reads its Dataplanes once, not once per Pod. Only the controller's one worker thread uses these.
  private long endpointsGeneration = -1;
  private final Map<String, MeshEndpoints> endpointsByMesh = new HashMap<>();

  public DataplaneReconciler(ClusterCache cluster, StoreCache stored, StoreWrites writes, DataplaneForPod model,
      DataplaneForPod.Workloads workloads) {
    this.cluster = cluster;
    this.stored = stored;
    this.writes = writes;
    this.model = model;
    this.workloads = workloads;
  }

  /** What is there now. */
  record Observed(Pod pod, List<Resource> dataplanes) {}

  @Override
  public void reconcile(PodKey key) {
    Observed now = observe(key);
    apply(key, desire(key, now), now);
  }

  Observed observe(PodKey key) {
    Pod pod = cluster.pod(key.namespace(), key.name());
    List<Resource> dataplanes = key.madeFrom(stored, ResourceKind.DATAPLANE);
    return new Observed(pod, dataplanes);
  }

  Decision desire(PodKey key, Observed now) {
    if (now.pod() == null) return new DataplaneForPod.NoDataplane("the Pod is gone");
    Decision decision = model.decide(now.pod(), cluster.services(key.namespace()), cluster.namespace(key.namespace()),
        workloads);
    if (!(decision instanceof DataplaneForPod.Want want)) return decision;
    DesiredDataplane desired = want.dataplane();
    MeshEndpoints mesh = meshEndpoints(desired.mesh()).with(desired.spec());
    return new DataplaneForPod.Want(desired.withOutbounds(ServiceOutbounds.of(desired.spec(), mesh, cluster::service)));
  }

  private MeshEndpoints meshEndpoints(String mesh) {
    long generation = stored.generation();
    if (generation != endpointsGeneration) {
      endpointsByMesh.clear();
      endpointsGeneration = generation;
    }
    return endpointsByMesh.computeIfAbsent(mesh, m -> MeshEndpoints.of(stored.all(ResourceKind.DATAPLANE).stream()
        .filter(dp -> m.equals(dp.mesh())).map(dp -> dp.specAs(DataplaneSpec.class)).toList()));
  }

  void apply(PodKey key, Decision decision, Observed now) {
    if (decision instanceof DataplaneForPod.Want want) {
      DesiredDataplane desired = want.dataplane();
      for (Resource other : now.dataplanes()) {
        if (!other.mesh().equals(desired.mesh())) delete(key, other, "the Pod moved to mesh " + desired.mesh());
      }
      Resource current = now.dataplanes().stream().filter(dp -> dp.mesh().equals(desired.mesh())).findFirst().orElse(null);
      if (current != null && desired.satisfiedBy(current)) return;
      writes.put(desired.resource());
      LOG.infof("%s Dataplane %s/%s for %s (%s)", current == null ? "created" : "updated", desired.mesh(), desired.name(),
          key, kind(desired.spec()));
    } else if (decision instanceof DataplaneForPod.NoDataplane none) {
      now.dataplanes().forEach(dp -> delete(key, dp, none.reason()));
    } else if (decision instanceof DataplaneForPod.Invalid invalid) {
      LOG.warnf("%s: no Dataplane can be made (%s); any existing one is kept", key, invalid.reason());
    }
  }

  private void delete(PodKey key, Resource dp, String why) {
    writes.delete(ResourceKind.DATAPLANE, dp.mesh(), dp.name());
    LOG.infof("deleted Dataplane %s/%s of %s: %s", dp.mesh(), dp.name(), key, why);
  }

  private static String kind(DataplaneSpec spec) {
    if (spec.isBuiltinGateway()) return "BUILTIN gateway";
    String outbounds = spec.networking().outbound().size() + " outbound(s)";
    if (spec.isGateway()) return "DELEGATED gateway, " + outbounds;
    return spec.networking().inbound().size() + " inbound(s), " + outbounds;
  }
}
