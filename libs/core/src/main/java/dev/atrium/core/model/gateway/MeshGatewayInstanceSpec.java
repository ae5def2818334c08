package dev.atrium.core.model.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import java.util.Map;

/**
 * Asks the control plane (on Kubernetes) to run builtin gateway capacity: a Deployment and a Service
 * for the MeshGateway whose selector matches {@code tags} plus the generated kuma.io/service tag.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshGatewayInstanceSpec(
    Integer replicas,
    ServiceType serviceType,
    Map<String, String> tags,
    ResourceRequirements resources,
    ServiceTemplate serviceTemplate,
    PodTemplate podTemplate) implements ResourceSpec {

  public MeshGatewayInstanceSpec {
    tags = Collect.map(tags);
  }

  public enum ServiceType { LoadBalancer, ClusterIP, NodePort }

  /** Kuma's default is one replica. */
  public int effectiveReplicas() {
    return replicas == null ? 1 : replicas;
  }

  public ServiceType effectiveServiceType() {
    return serviceType == null ? ServiceType.LoadBalancer : serviceType;
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record ResourceRequirements(Map<String, String> requests, Map<String, String> limits) {
    public ResourceRequirements {
      requests = Collect.map(requests);
      limits = Collect.map(limits);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record ObjectMetadata(Map<String, String> annotations, Map<String, String> labels) {
    public ObjectMetadata {
      annotations = Collect.map(annotations);
      labels = Collect.map(labels);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record ServiceTemplate(ObjectMetadata metadata, ServiceSpec spec) {}

  public record ServiceSpec(String loadBalancerIP) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record PodTemplate(ObjectMetadata metadata, PodSpec spec) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record PodSpec(String serviceAccountName, PodSecurityContext securityContext, Container container) {}

  public record PodSecurityContext(Long fsGroup) {}

  public record Container(ContainerSecurityContext securityContext) {}

  public record ContainerSecurityContext(Boolean readOnlyRootFilesystem) {}
}
