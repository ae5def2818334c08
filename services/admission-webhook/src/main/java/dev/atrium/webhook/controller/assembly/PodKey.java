package dev.atrium.webhook.controller.assembly;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.webhook.controller.source.StoreCache;
import dev.atrium.webhook.controller.model.KumaNames;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Pod's identity: the Pod controller's queue key. */
public record PodKey(String namespace, String name) {
  public static PodKey of(Pod pod) {
    return new PodKey(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  /** The Pod a Dataplane or ZoneIngress was made from, if the Pod controller made it (Kuma's labels say so). */
  public static Optional<PodKey> ofDataplane(Resource dataplane) {
    Map<String, String> labels = dataplane.meta().labels();
    String ns = labels.get(KumaNames.K8S_NAMESPACE);
    String pod = labels.get(KumaNames.DISPLAY_NAME);
    if (!"kubernetes".equals(labels.get(KumaNames.ENV)) || ns == null || pod == null) return Optional.empty();
    if (!dataplane.name().equals(pod + "." + ns)) return Optional.empty();
    return Optional.of(new PodKey(ns, pod));
  }

  /** What the Pod controller stored of {@code kind} for this Pod: Dataplanes (one a mesh at most) or its ZoneIngress. */
  public List<Resource> madeFrom(StoreCache stored, ResourceKind kind) {
    return stored.named(kind, dataplaneName()).stream().filter(r -> ofDataplane(r).filter(this::equals).isPresent()).toList();
  }

  /** The name of what the Pod controller makes for it (a Dataplane or a ZoneIngress): Kuma's {@code <pod>.<namespace>}. */
  public String dataplaneName() {
    return name + "." + namespace;
  }

  @Override
  public String toString() {
    return "Pod " + namespace + "/" + name;
  }
}
