package dev.atrium.webhook.controller.model;

import dev.atrium.webhook.metadata.KumaMetadata;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Whether an inbound of a Pod can take traffic, as Kuma decides it: the container serving the port (or,
 * when no container declares it, every application container) and the sidecar report ready, and the
 * Pod is not terminating. A container the kubelet has not reported on yet does not count against it.
 */
final class PodReadiness {
  private PodReadiness() {}

  static boolean ready(Pod pod, Container serving) {
    if (pod.getMetadata().getDeletionTimestamp() != null) return false;
    List<ContainerStatus> statuses = pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
    List<ContainerStatus> initStatuses = pod.getStatus() == null ? List.of() : pod.getStatus().getInitContainerStatuses();
    if (serving != null) {
      if (notReady(statuses, serving.getName())) return false;
    } else {
      for (Container c : pod.getSpec().getContainers()) {
        if (!c.getName().equals(KumaMetadata.SIDECAR_CONTAINER) && notReady(statuses, c.getName())) return false;
      }
    }
    return !notReady(statuses, KumaMetadata.SIDECAR_CONTAINER) && !notReady(initStatuses, KumaMetadata.SIDECAR_CONTAINER);
  }

  private static boolean notReady(List<ContainerStatus> statuses, String container) {
    for (ContainerStatus s : statuses) {
      if (container.equals(s.getName())) return !Boolean.TRUE.equals(s.getReady());
    }
    return false;
  }
}
