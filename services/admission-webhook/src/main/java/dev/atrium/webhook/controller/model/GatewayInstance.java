package dev.atrium.webhook.controller.model;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A MeshGatewayInstance as the controller needs it: where its objects live on Kubernetes (its
 * namespace and name, from the labels the codec sets on {@code name.namespace} store names), its mesh,
 * and the gateway tags its Pods carry.
 */
public record GatewayInstance(String namespace, String name, String mesh, MeshGatewayInstanceSpec spec) {

  /** The instance a stored resource describes; empty when it has no Kubernetes namespace. */
  public static Optional<GatewayInstance> of(Resource r) {
    if (r.kind() != ResourceKind.MESH_GATEWAY_INSTANCE) return Optional.empty();
    Map<String, String> labels = r.meta().labels();
    String namespace = labels.get(KumaNames.K8S_NAMESPACE);
    String name = labels.get(KumaNames.DISPLAY_NAME);
    if (namespace == null || namespace.isEmpty()) {
      int dot = r.name().lastIndexOf('.');
      if (dot <= 0) return Optional.empty();
      namespace = r.name().substring(dot + 1);
      name = r.name().substring(0, dot);
    } else if (name == null || name.isEmpty()) {
      name = r.name().endsWith("." + namespace) ? r.name().substring(0, r.name().length() - namespace.length() - 1) : r.name();
    }
    return Optional.of(new GatewayInstance(namespace, name, r.mesh(), r.specAs(MeshGatewayInstanceSpec.class)));
  }

  /** {@code namespace/name}: the key the controller queues it under. */
  public String key() {
    return namespace + "/" + name;
  }

  /**
   * The tags of the gateway Pods: the spec's, with {@code kuma.io/service} as the user set it (the
   * seeds do) or else Kuma 2.7+'s generated {@code <name>_<namespace>_svc}.
   */
  public Map<String, String> tags() {
    Map<String, String> tags = new TreeMap<>(spec.tags());
    tags.putIfAbsent(KumaNames.SERVICE_TAG, name + "_" + namespace + "_svc");
    return tags;
  }
}
