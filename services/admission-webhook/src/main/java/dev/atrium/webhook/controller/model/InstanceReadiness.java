package dev.atrium.webhook.controller.model;

import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus.Condition;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus.ConditionStatus;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus.LoadBalancerIngress;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The instance's {@code Ready} condition, saying in words why it is not ready. Kuma's reasons
 * (NoGatewayMatched, DeploymentNotAvailable, LoadBalancerAddressNotReady, Ready), checked in Kuma's
 * order, plus {@code ApplyFailed} when the API server refused an object the controller wrote.
 */
public final class InstanceReadiness {
  private InstanceReadiness() {}

  public static final String NO_GATEWAY_MATCHED = "NoGatewayMatched";
  public static final String APPLY_FAILED = "ApplyFailed";
  public static final String DEPLOYMENT_NOT_AVAILABLE = "DeploymentNotAvailable";
  public static final String ADDRESS_NOT_READY = "LoadBalancerAddressNotReady";
  public static final String READY = "Ready";

  /** The verdict, before it becomes a condition. */
  public record Readiness(ConditionStatus status, String reason, String message) {}

  public static Readiness noGateway(GatewayInstance instance) {
    String tags = instance.tags().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
    return new Readiness(ConditionStatus.False, NO_GATEWAY_MATCHED,
        "No MeshGateway in mesh '" + instance.mesh() + "' selects the instance's tags (" + tags + ")");
  }

  public static Readiness applyFailed(String what, String message) {
    return new Readiness(ConditionStatus.False, APPLY_FAILED, "The API server refused the " + what + ": " + message);
  }

  /** From the Deployment and Service as last seen (null: not seen yet). */
  public static Readiness of(GatewayInstance instance, Deployment deployment, Service service) {
    int wanted = instance.spec().effectiveReplicas();
    int available = deployment == null || deployment.getStatus() == null || deployment.getStatus().getAvailableReplicas() == null
        ? 0 : deployment.getStatus().getAvailableReplicas();
    if (available < wanted) {
      String detail = availableCondition(deployment).map(c -> " (" + c.getReason() + ": " + c.getMessage() + ")").orElse("");
      return new Readiness(ConditionStatus.False, DEPLOYMENT_NOT_AVAILABLE,
          "Deployment " + instance.name() + ": " + available + "/" + wanted + " replicas available" + detail);
    }
    String type = service == null ? instance.spec().effectiveServiceType().name() : service.getSpec().getType();
    List<String> addresses = addresses(service);
    if (addresses.isEmpty()) {
      return new Readiness(ConditionStatus.False, ADDRESS_NOT_READY, "Service " + instance.name() + " (" + type + ") has no "
          + ("LoadBalancer".equals(type) ? "load-balancer address" : "cluster IP") + " yet");
    }
    return new Readiness(ConditionStatus.True, READY, available + "/" + wanted + " replicas available; Service "
        + instance.name() + " (" + type + ") at " + String.join(", ", addresses));
  }

  /**
   * The status to write: the Ready condition (its transition time kept while its status does not
   * change; other conditions, someone else's, kept as they are) and the Service's load-balancer
   * addresses.
   */
  public static MeshGatewayInstanceStatus status(Readiness r, MeshGatewayInstanceStatus previous, Long generation,
      Service service, Instant now) {
    String since = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> conditions = new ArrayList<>();
    if (previous != null) {
      for (Condition c : previous.conditions()) {
        if (!MeshGatewayInstanceStatus.READY.equals(c.type())) conditions.add(c);
        else if (c.status() == r.status() && c.lastTransitionTime() != null) since = c.lastTransitionTime();
      }
    }
    conditions.add(new Condition(MeshGatewayInstanceStatus.READY, r.status(), generation, since, r.reason(), r.message()));
    return new MeshGatewayInstanceStatus(conditions, loadBalancer(service));
  }

  private static LoadBalancerStatus loadBalancer(Service service) {
    if (service == null || service.getStatus() == null || service.getStatus().getLoadBalancer() == null) return null;
    List<LoadBalancerIngress> ingress = service.getStatus().getLoadBalancer().getIngress().stream()
        .map(i -> new LoadBalancerIngress(i.getIp(), i.getHostname())).toList();
    return ingress.isEmpty() ? null : new LoadBalancerStatus(ingress);
  }

  /** LoadBalancer: its ingress addresses; ClusterIP and NodePort: the cluster IPs (Kuma's test). */
  private static List<String> addresses(Service service) {
    if (service == null || service.getSpec() == null) return List.of();
    if ("LoadBalancer".equals(service.getSpec().getType())) {
      if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null) return List.of();
      return service.getStatus().getLoadBalancer().getIngress().stream()
          .map(i -> i.getIp() != null ? i.getIp() : i.getHostname()).filter(a -> a != null && !a.isEmpty()).toList();
    }
    return service.getSpec().getClusterIPs().stream().filter(ip -> !ip.isEmpty() && !"None".equals(ip)).toList();
  }

  private static Optional<DeploymentCondition> availableCondition(Deployment d) {
    if (d == null || d.getStatus() == null) return Optional.empty();
    return d.getStatus().getConditions().stream()
        .filter(c -> "Available".equals(c.getType()) && !"True".equals(c.getStatus())).findFirst();
  }

  /** Whether two statuses say the same (transition times aside): nothing to write. */
  public static boolean same(MeshGatewayInstanceStatus a, MeshGatewayInstanceStatus b) {
    if (a == null || b == null) return a == b;
    return strip(a).equals(strip(b));
  }

  private static Map<String, Object> strip(MeshGatewayInstanceStatus s) {
    return Map.of("conditions", s.conditions().stream()
        .map(c -> List.of(c.type(), c.status(), String.valueOf(c.observedGeneration()), c.reason(), c.message())).toList(),
        "lb", s.loadBalancer() == null ? List.of() : s.loadBalancer().ingress());
  }
}
