package dev.atrium.webhook.controller.model;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The tags of a Pod's inbound, Kuma's way (inbound_converter.go's InboundTagsForService / ForPod). */
public final class InboundTags {
  private InboundTags() {}

  /**
   * The Pod's labels (empty values and Kuma's own {@code kuma.io/} keys left out), then the Service
   * identity: namespace, Service name and port, {@code kuma.io/service}, the zone, the protocol, and the
   * Pod name for a headless Service. A delegated gateway keeps the protocol only when it is {@code tcp},
   * the one value its Dataplane may carry.
   */
  public static Map<String, String> forServicePort(Pod pod, Service svc, ServicePort port, Optional<String> zone,
      boolean gateway) {
    Map<String, String> tags = podLabels(pod, true);
    String namespace = pod.getMetadata().getNamespace();
    tags.put(KumaNames.K8S_NAMESPACE, namespace);
    tags.put(KumaNames.K8S_SERVICE_NAME, svc.getMetadata().getName());
    tags.put(KumaNames.K8S_SERVICE_PORT, String.valueOf(port.getPort()));
    tags.put(KumaNames.SERVICE_TAG, ServicePorts.serviceTag(svc.getMetadata().getName(), namespace, port.getPort()));
    zone.ifPresent(z -> tags.put(KumaNames.ZONE_TAG, z));
    String protocol = ServicePorts.protocol(svc, port);
    if (!gateway || protocol.equals("tcp")) tags.put(KumaNames.PROTOCOL_TAG, protocol);
    if ("None".equals(svc.getSpec().getClusterIP())) tags.put(KumaNames.INSTANCE_TAG, pod.getMetadata().getName());
    return tags;
  }

  /**
   * A Pod that no Service selects still gets one inbound (Kuma needs a service for its identity):
   * {@code <workload>_<namespace>_svc}, tcp, and the Pod's name as instance. Here Kuma keeps every
   * non-empty Pod label, its own {@code kuma.io/} ones too.
   */
  public static Map<String, String> serviceless(Pod pod, String workload, Optional<String> zone) {
    Map<String, String> tags = podLabels(pod, false);
    String namespace = pod.getMetadata().getNamespace();
    tags.put(KumaNames.K8S_NAMESPACE, namespace);
    tags.put(KumaNames.SERVICE_TAG, workload + "_" + namespace + "_svc");
    zone.ifPresent(z -> tags.put(KumaNames.ZONE_TAG, z));
    tags.put(KumaNames.PROTOCOL_TAG, "tcp");
    tags.put(KumaNames.INSTANCE_TAG, pod.getMetadata().getName());
    return tags;
  }

  private static Map<String, String> podLabels(Pod pod, boolean skipKuma) {
    Map<String, String> tags = new TreeMap<>();
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels == null) return tags;
    labels.forEach((k, v) -> {
      if (v != null && !v.isEmpty() && !(skipKuma && k.contains("kuma.io/"))) tags.put(k, v);
    });
    return tags;
  }
}
