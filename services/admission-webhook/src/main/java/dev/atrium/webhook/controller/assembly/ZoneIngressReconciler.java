package dev.atrium.webhook.controller.assembly;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.webhook.controller.model.DesiredZoneIngress;
import dev.atrium.webhook.controller.model.ZoneIngressForPod;
import dev.atrium.webhook.controller.model.ZoneIngressForPod.Decision;
import dev.atrium.webhook.controller.runtime.Reconciler;
import dev.atrium.webhook.controller.source.ClusterCache;
import dev.atrium.webhook.controller.source.StoreCache;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Pod → ZoneIngress, in Kuma's three steps: {@link #observe} (the Pod and the ZoneIngress stored for it),
 * {@link #desire} ({@link ZoneIngressForPod}, pure), {@link #apply} (Put or Delete through the Store API,
 * only what differs; a refusal becomes a Warning Event on the Pod). The ingress lives and goes with its
 * Pod: a Pod that is gone, lost its IP or its annotation takes its ZoneIngress with it.
 */
public final class ZoneIngressReconciler implements Reconciler<PodKey> {
  private static final Logger LOG = Logger.getLogger(ZoneIngressReconciler.class);

  private final ClusterCache cluster;
  private final StoreCache stored;
  private final StoreWrites writes;
  private final ZoneIngressForPod model;
  private final ZoneIngressForPod.Nodes nodes;
  private final PodEvents events;

  public ZoneIngressReconciler(ClusterCache cluster, StoreCache stored, StoreWrites writes, ZoneIngressForPod model,
      ZoneIngressForPod.Nodes nodes, PodEvents events) {
    this.cluster = cluster;
    this.stored = stored;
    this.writes = writes;
    this.model = model;
    this.nodes = nodes;
    this.events = events;
  }

  /** What is there now. */
  record Observed(Pod pod, List<Resource> ingresses) {}

  @Override
  public void reconcile(PodKey key) {
    Observed now = observe(key);
    apply(key, desire(now), now);
  }

  Observed observe(PodKey key) {
    Pod pod = cluster.pod(key.namespace(), key.name());
    List<Resource> ingresses = key.madeFrom(stored, ResourceKind.ZONE_INGRESS);
    return new Observed(pod, ingresses);
  }

  Decision desire(Observed now) {
    if (now.pod() == null) return new ZoneIngressForPod.NoIngress("the Pod is gone");
    return model.decide(now.pod(), cluster.services(now.pod().getMetadata().getNamespace()), nodes);
  }

  void apply(PodKey key, Decision decision, Observed now) {
    Resource current = now.ingresses().isEmpty() ? null : now.ingresses().get(0);
    if (decision instanceof ZoneIngressForPod.Want want) {
      DesiredZoneIngress desired = want.ingress();
      if (current != null && desired.satisfiedBy(current)) return;
      writes.put(desired.resourceOver(current));
      LOG.infof("%s ZoneIngress %s for %s", current == null ? "created" : "updated", desired.name(), key);
    } else if (decision instanceof ZoneIngressForPod.NoIngress none) {
      if (current == null) return;
      writes.delete(ResourceKind.ZONE_INGRESS, null, current.name());
      LOG.infof("deleted ZoneIngress %s of %s: %s", current.name(), key, none.reason());
    } else if (decision instanceof ZoneIngressForPod.Refused refused) {
      LOG.warnf("%s: no ZoneIngress can be made (%s); any existing one is kept", key, refused.reason());
      if (now.pod() != null) events.warn(now.pod(), "FailedToGenerateKumaDataplane", refused.reason());
    }
  }
}
