package dev.atrium.webhook.controller.assembly;

import dev.atrium.webhook.controller.model.DataplaneForPod;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.List;

/**
 * The workload a Pod belongs to, as Kuma's NameExtractor finds it: the Deployment above its ReplicaSet,
 * the CronJob above its Job; otherwise (and for ReplicaSets or Jobs without an owner) the Pod's name
 * with its two generated suffixes cut off. Reads the ReplicaSet or Job from the API server; it is only
 * asked for Pods no Service selects and for {@code kuma.io/gateway: provided}.
 */
public final class OwnerWorkloads implements DataplaneForPod.Workloads {
  private final KubernetesClient client;

  public OwnerWorkloads(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public DataplaneForPod.Workload of(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    for (OwnerReference owner : pod.getMetadata().getOwnerReferences()) {
      switch (owner.getKind()) {
        case "ReplicaSet" -> {
          return above(client.apps().replicaSets().inNamespace(ns).withName(owner.getName()).get(), "Deployment", pod);
        }
        case "Job" -> {
          return above(client.batch().v1().jobs().inNamespace(ns).withName(owner.getName()).get(), "CronJob", pod);
        }
        default -> {
          return fromPodName(pod);
        }
      }
    }
    return fromPodName(pod);
  }

  private static DataplaneForPod.Workload above(HasMetadata owner, String kind, Pod pod) {
    if (owner == null) return fromPodName(pod);
    for (OwnerReference ref : owner.getMetadata().getOwnerReferences()) {
      if (kind.equals(ref.getKind())) return new DataplaneForPod.Workload(ref.getName(), kind);
    }
    return fromPodName(pod);
  }

  /** {@code <name>-<replica set hash>-<pod suffix>} → {@code <name>}. */
  static DataplaneForPod.Workload fromPodName(Pod pod) {
    List<String> parts = Arrays.asList(pod.getMetadata().getName().split("-"));
    if (parts.size() > 2) parts = parts.subList(0, parts.size() - 2);
    return new DataplaneForPod.Workload(String.join("-", parts), "Pod");
  }
}
