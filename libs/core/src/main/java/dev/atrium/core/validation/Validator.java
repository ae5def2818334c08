package dev.atrium.core.validation;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.model.permission.MeshTrafficPermissionSpec;
import dev.atrium.core.model.timeout.MeshTimeoutSpec;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec;
import dev.atrium.core.model.healthcheck.HealthCheckSpec;
import dev.atrium.core.model.healthcheck.MeshHealthCheckSpec;
import dev.atrium.core.model.accesslog.MeshAccessLogSpec;
import dev.atrium.core.model.accesslog.TrafficLogSpec;
import dev.atrium.core.model.faultinjection.MeshFaultInjectionSpec;
import dev.atrium.core.model.ratelimit.MeshRateLimitSpec;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec;
import dev.atrium.core.model.retry.MeshRetrySpec;
import dev.atrium.core.model.externalservice.ExternalServiceSpec;
import dev.atrium.core.model.permission.TrafficPermissionSpec;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.model.route.MeshTCPRouteSpec;
import dev.atrium.core.model.secret.SecretSpec;
import java.time.Clock;
import java.util.List;

/**
 * Stage two of the pipeline: semantic checks with Kuma's rules and messages, every violation with its
 * field path. Stateless apart from the secret lookup; safe to share between threads.
 *
 * <p>Field paths of Kuma's older kinds start at the spec's top-level fields ({@code conf.listeners[0]});
 * those of the newer kinds start with {@code spec.}, as in Kuma's API errors.
 */
public final class Validator {
  private final MeshGatewayValidator meshGateways;
  private final MeshValidator meshes;

  public Validator(SecretLookup secrets) {
    this(secrets, Clock.systemUTC());
  }

  /** With a clock, so that certificate expiry can be tested at a fixed instant. */
  Validator(SecretLookup secrets, Clock clock) {
    this.meshGateways = new MeshGatewayValidator(new TlsCertificateValidator(secrets, clock));
    this.meshes = new MeshValidator(secrets);
  }

  /** Kuma's limit on a Mesh's name (its CA and Secrets are named after it). */
  static final int MAX_MESH_NAME_LENGTH = 63;

  /**
   * Every violation of writing {@code updated} over {@code previous} (null when it is created): those
   * of {@link #validate} plus the rules about changes, such as not swapping the CA of a mesh with mTLS
   * on. Every write path (REST, gRPC, the Kubernetes webhook) calls this with what it replaces.
   */
  public List<Violation> validateUpdate(Resource previous, Resource updated) {
    List<Violation> own = validate(updated);
    if (previous == null || previous.kind() != updated.kind()) return own;
    Violations v = new Violations().addAll(own);
    if (updated.kind() == ResourceKind.MESH) {
      MeshUpdateRules.validate(previous.specAs(MeshSpec.class), updated.specAs(MeshSpec.class),
          FieldPath.of(updated.kind().fieldPrefix()), v);
    }
    return v.list();
  }

  /** Every violation of {@code resource}; empty when it may be stored. */
  public List<Violation> validate(Resource resource) {
    Violations v = new Violations();
    MetaValidator.validate(resource, v);
    FieldPath root = FieldPath.of(resource.kind().fieldPrefix());
    switch (resource.kind()) {
      case MESH -> {
        if (resource.name() != null && resource.name().length() > MAX_MESH_NAME_LENGTH) {
          v.add(FieldPath.root().field("name"), "cannot be longer than " + MAX_MESH_NAME_LENGTH + " characters");
        }
        meshes.validate(resource.specAs(MeshSpec.class), resource.name(), root, v);
      }
      case DATAPLANE -> DataplaneValidator.validate(resource.specAs(DataplaneSpec.class), root, v);
      case MESH_GATEWAY -> meshGateways.validate(resource.specAs(MeshGatewaySpec.class), resource.mesh(), root, v);
      case MESH_GATEWAY_ROUTE -> MeshGatewayRouteValidator.validate(resource.specAs(MeshGatewayRouteSpec.class), root, v);
      case MESH_HTTP_ROUTE ->
          MeshHTTPRouteValidator.validate(resource.specAs(MeshHTTPRouteSpec.class), resource.meta().labels(), root, v);
      case MESH_TCP_ROUTE ->
          MeshTCPRouteValidator.validate(resource.specAs(MeshTCPRouteSpec.class), resource.meta().labels(), root, v);
      case SECRET, GLOBAL_SECRET -> SecretValidator.validate(resource.specAs(SecretSpec.class), root, v);
      case MESH_GATEWAY_INSTANCE ->
          MeshGatewayInstanceValidator.validate(resource.specAs(MeshGatewayInstanceSpec.class), root, v);
      case DATAPLANE_INSIGHT, ZONE_INGRESS_INSIGHT -> { } // written by the xds-server; Kuma checks nothing beyond meta either
      case ZONE_INGRESS -> ZoneIngressValidator.validate(resource.specAs(dev.atrium.core.model.zoneingress.ZoneIngressSpec.class), root, v);
      case MESH_TRAFFIC_PERMISSION ->
          MeshTrafficPermissionValidator.validate(resource.specAs(MeshTrafficPermissionSpec.class), root, v);
      case TRAFFIC_PERMISSION -> TrafficPermissionValidator.validate(resource.specAs(TrafficPermissionSpec.class), root, v);
      case MESH_RATE_LIMIT ->
          MeshRateLimitValidator.validate(resource.specAs(MeshRateLimitSpec.class), resource.meta().labels(), root, v);
      case MESH_TIMEOUT ->
          MeshTimeoutValidator.validate(resource.specAs(MeshTimeoutSpec.class), resource.meta().labels(), root, v);
      case MESH_HEALTH_CHECK -> MeshHealthCheckValidator.validate(resource.specAs(MeshHealthCheckSpec.class), root, v);
      case HEALTH_CHECK -> HealthCheckValidator.validate(resource.specAs(HealthCheckSpec.class), root, v);
      case MESH_CIRCUIT_BREAKER ->
          MeshCircuitBreakerValidator.validate(resource.specAs(MeshCircuitBreakerSpec.class), root, v);
      case MESH_FAULT_INJECTION -> MeshFaultInjectionValidator.validate(
          resource.specAs(MeshFaultInjectionSpec.class), resource.meta().labels(), root, v);
      case MESH_PROXY_PATCH -> MeshProxyPatchValidator.validate(
          resource.specAs(dev.atrium.core.model.proxypatch.MeshProxyPatchSpec.class), resource.meta().labels(), root, v);
      case PROXY_TEMPLATE ->
          ProxyTemplateValidator.validate(resource.specAs(dev.atrium.core.model.proxypatch.ProxyTemplateSpec.class), root, v);
      case TRAFFIC_LOG -> TrafficLogValidator.validate(resource.specAs(TrafficLogSpec.class), root, v);
      case MESH_ACCESS_LOG -> MeshAccessLogValidator.validate(resource.specAs(MeshAccessLogSpec.class), root, v);
      case MESH_RETRY ->
          MeshRetryValidator.validate(resource.specAs(MeshRetrySpec.class), resource.meta().labels(), root, v);
      case EXTERNAL_SERVICE -> ExternalServiceValidator.validate(resource.specAs(ExternalServiceSpec.class), root, v);
      case TIMEOUT -> TimeoutValidator.validate(resource.specAs(dev.atrium.core.model.legacy.TimeoutSpec.class), root, v);
      case RETRY -> RetryValidator.validate(resource.specAs(dev.atrium.core.model.legacy.RetrySpec.class), root, v);
      case CIRCUIT_BREAKER ->
          CircuitBreakerValidator.validate(resource.specAs(dev.atrium.core.model.legacy.CircuitBreakerSpec.class), root, v);
      case RATE_LIMIT -> RateLimitValidator.validate(resource.specAs(dev.atrium.core.model.legacy.RateLimitSpec.class), root, v);
      case FAULT_INJECTION ->
          FaultInjectionValidator.validate(resource.specAs(dev.atrium.core.model.legacy.FaultInjectionSpec.class), root, v);
      case MESH_LOAD_BALANCING_STRATEGY -> MeshLoadBalancingStrategyValidator.validate(
          resource.specAs(MeshLoadBalancingStrategySpec.class), root, v);
      // Kuma validates neither beyond its name: a Zone is one flag, a ZoneInsight the control planes' record.
      case ZONE, ZONE_INSIGHT -> { }
    }
    return v.list();
  }
}
