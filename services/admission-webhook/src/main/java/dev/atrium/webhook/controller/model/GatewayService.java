package dev.atrium.webhook.controller.model;

import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec;
import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec.ServiceType;
import dev.atrium.webhook.metadata.KumaMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Service in front of a MeshGatewayInstance's Pods, as Kuma shapes it: named after the instance,
 * of the instance's {@code serviceType} (LoadBalancer by default), one TCP port per distinct listener
 * port of the selected MeshGateway (named after the number, same target port; a NodePort Service asks
 * for the listener port as node port, as Kuma does), annotated {@code kuma.io/gateway: builtin} so the
 * Service webhook leaves it alone, plus the {@code serviceTemplate}'s metadata and load-balancer IP.
 */
public final class GatewayService {
  private GatewayService() {}

  public static Service desired(GatewayInstance instance, List<Integer> ports, Optional<ManagedObjects.Owner> owner) {
    MeshGatewayInstanceSpec spec = instance.spec();
    Map<String, String> labels = new TreeMap<>();
    Map<String, String> annotations = new TreeMap<>();
    String loadBalancerIp = null;
    if (spec.serviceTemplate() != null) {
      if (spec.serviceTemplate().metadata() != null) {
        labels.putAll(spec.serviceTemplate().metadata().labels());
        annotations.putAll(spec.serviceTemplate().metadata().annotations());
      }
      if (spec.serviceTemplate().spec() != null) loadBalancerIp = spec.serviceTemplate().spec().loadBalancerIP();
    }
    labels.putAll(ManagedObjects.labels(instance));
    annotations.put(KumaMetadata.GATEWAY, KumaNames.GATEWAY_BUILTIN);
    ServiceType type = spec.effectiveServiceType();
    List<ServicePort> servicePorts = ports.stream().map(p -> {
      ServicePortBuilder b = new ServicePortBuilder().withName(String.valueOf(p)).withProtocol("TCP").withPort(p)
          .withTargetPort(new IntOrString(p));
      if (type == ServiceType.NodePort) b.withNodePort(p);
      return b.build();
    }).toList();
    Service service = new ServiceBuilder()
        .withNewMetadata().withName(instance.name()).withNamespace(instance.namespace())
            .withLabels(labels).withAnnotations(annotations).endMetadata()
        .withNewSpec()
            .withType(type.name())
            .withSelector(Map.of(ManagedObjects.APP, instance.name()))
            .withPorts(servicePorts)
            .withLoadBalancerIP(type == ServiceType.LoadBalancer ? loadBalancerIp : null)
        .endSpec()
        .build();
    ManagedObjects.own(service, owner);
    return service;
  }
}
