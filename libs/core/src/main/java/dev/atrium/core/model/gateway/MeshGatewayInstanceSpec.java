package dev.atrium.core.model.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import java.util.List;
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

  /**
   * Settings of the gateway Pods. The first three are Kuma 2.14's; the rest go beyond Kuma (its issue
   * #9821 asks for them) and carry Kubernetes' own PodSpec names and shapes, so a value can be copied
   * from any Pod manifest. {@code affinity} and each topology spread constraint are kept as written
   * and checked by the API server when the Deployment is applied.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record PodSpec(
      String serviceAccountName,
      PodSecurityContext securityContext,
      Container container,
      Map<String, String> nodeSelector,
      JsonNode affinity,
      List<Toleration> tolerations,
      List<JsonNode> topologySpreadConstraints,
      String priorityClassName) {
    public PodSpec {
      nodeSelector = Collect.map(nodeSelector);
      tolerations = Collect.list(tolerations);
      topologySpreadConstraints = Collect.list(topologySpreadConstraints);
    }
  }

  /** Kubernetes' Toleration: which taints the gateway Pods tolerate. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Toleration(String key, TolerationOperator operator, String value, TaintEffect effect, Long tolerationSeconds) {}

  public enum TolerationOperator { Exists, Equal }

  public enum TaintEffect { NoSchedule, PreferNoSchedule, NoExecute }

  public record PodSecurityContext(Long fsGroup) {}

  public record Container(ContainerSecurityContext securityContext) {}

  public record ContainerSecurityContext(Boolean readOnlyRootFilesystem) {}
}
