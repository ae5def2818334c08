package dev.atrium.core.model.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atrium.core.model.Collect;
import java.util.List;

/**
 * What the MeshGatewayInstance controller reports on Kubernetes ({@code status} subresource of the
 * CRD), in the shape of Kuma's MeshGatewayInstanceStatus: Kubernetes conditions (the controller writes
 * {@code Ready} with a reason) and the managed Service's load-balancer addresses. Not part of the
 * stored resource: the store keeps the spec only.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshGatewayInstanceStatus(List<Condition> conditions, LoadBalancerStatus loadBalancer) {

  public MeshGatewayInstanceStatus {
    conditions = Collect.list(conditions);
  }

  public static final String READY = "Ready";

  /**
   * Kubernetes' metav1.Condition: one aspect of the object's state, keyed by {@code type}. Every field
   * but observedGeneration is required, and {@code message} may be "", so empty strings are written.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Condition(
      @JsonProperty(required = true) String type,
      @JsonProperty(required = true) ConditionStatus status,
      Long observedGeneration,
      @JsonProperty(required = true) String lastTransitionTime,
      @JsonProperty(required = true) String reason,
      @JsonProperty(required = true) String message) {}

  /** Kubernetes' spelling of a condition's truth value. */
  public enum ConditionStatus { True, False, Unknown }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record LoadBalancerStatus(List<LoadBalancerIngress> ingress) {
    public LoadBalancerStatus {
      ingress = Collect.list(ingress);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record LoadBalancerIngress(String ip, String hostname) {}
}
