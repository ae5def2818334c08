package dev.atrium.core.model;

import dev.atrium.core.model.accesslog.MeshAccessLogSpec;
import dev.atrium.core.model.accesslog.TrafficLogSpec;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec;
import dev.atrium.core.model.faultinjection.MeshFaultInjectionSpec;
import dev.atrium.core.model.healthcheck.HealthCheckSpec;
import dev.atrium.core.model.healthcheck.MeshHealthCheckSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.externalservice.ExternalServiceSpec;
import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.model.permission.MeshTrafficPermissionSpec;
import dev.atrium.core.model.permission.TrafficPermissionSpec;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.model.route.MeshTCPRouteSpec;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec;
import dev.atrium.core.model.retry.MeshRetrySpec;
import dev.atrium.core.model.proxypatch.MeshProxyPatchSpec;
import dev.atrium.core.model.proxypatch.ProxyTemplateSpec;
import dev.atrium.core.model.timeout.MeshTimeoutSpec;
import dev.atrium.core.model.zoneingress.ZoneIngressInsightSpec;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import dev.atrium.core.model.ratelimit.MeshRateLimitSpec;
import dev.atrium.core.model.legacy.CircuitBreakerSpec;
import dev.atrium.core.model.legacy.FaultInjectionSpec;
import dev.atrium.core.model.legacy.RateLimitSpec;
import dev.atrium.core.model.legacy.RetrySpec;
import dev.atrium.core.model.legacy.TimeoutSpec;
import dev.atrium.core.model.zone.ZoneInsightSpec;
import dev.atrium.core.model.zone.ZoneSpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind Atrium serves, with the names Kuma 2.14 uses for it, so that REST paths, kumactl and
 * Kubernetes manifests written for Kuma work unchanged.
 */
public enum ResourceKind {
  MESH("Mesh", "meshes", Scope.GLOBAL, Shape.FLAT, K8sScope.CLUSTER, "m", MeshSpec.class),
  DATAPLANE("Dataplane", "dataplanes", Scope.MESH, Shape.FLAT, K8sScope.NAMESPACED, "dp", DataplaneSpec.class),
  MESH_GATEWAY("MeshGateway", "meshgateways", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "mgw", MeshGatewaySpec.class),
  MESH_GATEWAY_ROUTE("MeshGatewayRoute", "meshgatewayroutes", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", MeshGatewayRouteSpec.class),
  MESH_HTTP_ROUTE("MeshHTTPRoute", "meshhttproutes", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mhttpr", MeshHTTPRouteSpec.class),
  MESH_TCP_ROUTE("MeshTCPRoute", "meshtcproutes", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mtcpr", MeshTCPRouteSpec.class),
  SECRET("Secret", "secrets", Scope.MESH, Shape.FLAT, K8sScope.NAMESPACED, "", SecretSpec.class),
  /** Kubernetes-only in Kuma; Atrium also stores it so that universal tooling can see and validate it. */
  MESH_GATEWAY_INSTANCE("MeshGatewayInstance", "meshgatewayinstances", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mgwi", MeshGatewayInstanceSpec.class),
  /** A proxy's ADS status, written by the xds-server; read-only through the REST API (as in Kuma). */
  DATAPLANE_INSIGHT("DataplaneInsight", "dataplane-insights", Scope.MESH, Shape.FLAT, K8sScope.NAMESPACED, "", DataplaneInsightSpec.class),
  /**
   * A zone's entrance for other zones' traffic (issue 15): beside meshes, written in its zone, sent to
   * global and on to every other zone. Namespaced on Kubernetes, as Kuma's: the Pod controller writes it
   * beside its Pod in the system namespace, and copies from other zones land there too (ADR 0020).
   */
  ZONE_INGRESS("ZoneIngress", "zoneingresses", Scope.GLOBAL, Shape.FLAT, K8sScope.NAMESPACED, "zi", ZoneIngressSpec.class),
  /**
   * A ZoneIngress's ADS status, written by its zone's xds-server and sent to global (never on to other
   * zones); read-only through the REST API, as in Kuma. Namespaced on Kubernetes, beside its ZoneIngress.
   */
  ZONE_INGRESS_INSIGHT("ZoneIngressInsight", "zone-ingress-insights", Scope.GLOBAL, Shape.FLAT, K8sScope.NAMESPACED, "",
      ZoneIngressInsightSpec.class),
  /**
   * A Secret beside meshes (Kuma's {@code /global-secrets}): the user-token signing key, the admin's
   * token, token revocations. Admin-only through the REST API, like Secret.
   */
  GLOBAL_SECRET("GlobalSecret", "global-secrets", Scope.GLOBAL, Shape.FLAT, K8sScope.CLUSTER, "", SecretSpec.class),
  MESH_TRAFFIC_PERMISSION("MeshTrafficPermission", "meshtrafficpermissions", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mtp", MeshTrafficPermissionSpec.class),
  /** Kuma's legacy permission, accepted for compatibility; MeshTrafficPermission wins where both exist. */
  TRAFFIC_PERMISSION("TrafficPermission", "traffic-permissions", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", TrafficPermissionSpec.class),
  /** The first connection policy: connect, idle, request and stream timeouts (issue 14). */
  MESH_TIMEOUT("MeshTimeout", "meshtimeouts", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mt", MeshTimeoutSpec.class),
  /** Connection limits and outlier detection on the clusters to a destination (issue 14). */
  MESH_CIRCUIT_BREAKER("MeshCircuitBreaker", "meshcircuitbreakers", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mcb",
      MeshCircuitBreakerSpec.class),
  /** Injected HTTP faults (abort, delay, response bandwidth) on inbounds and builtin gateways (issue 14). */
  MESH_FAULT_INJECTION("MeshFaultInjection", "meshfaultinjections", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mfi",
      MeshFaultInjectionSpec.class),
  /** Local request and connection rate limits (issue 14). */
  MESH_RATE_LIMIT("MeshRateLimit", "meshratelimits", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mrl", MeshRateLimitSpec.class),
  /** Retries of failed requests (HTTP, gRPC) and connects (TCP) to destinations (issue 14). */
  MESH_RETRY("MeshRetry", "meshretries", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mr", MeshRetrySpec.class),
  /** Kuma's legacy service outside the mesh, reached by its kuma.io/service at a host:port (issue 14). */
  EXTERNAL_SERVICE("ExternalService", "external-services", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "",
      ExternalServiceSpec.class),
  /** Kuma's legacy timeouts (sources/destinations), accepted for compatibility; MeshTimeout wins where both apply. */
  TIMEOUT("Timeout", "timeouts", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", TimeoutSpec.class),
  /** Kuma's legacy retries; MeshRetry wins where both apply. */
  RETRY("Retry", "retries", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", RetrySpec.class),
  /** Kuma's legacy circuit breaker; MeshCircuitBreaker wins where both apply. */
  CIRCUIT_BREAKER("CircuitBreaker", "circuit-breakers", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", CircuitBreakerSpec.class),
  /** Kuma's legacy rate limit; MeshRateLimit wins where both apply. */
  RATE_LIMIT("RateLimit", "rate-limits", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", RateLimitSpec.class),
  /** Kuma's legacy fault injection; MeshFaultInjection wins where both apply. */
  FAULT_INJECTION("FaultInjection", "fault-injections", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", FaultInjectionSpec.class),
  /** Changes to the generated Envoy resources (cluster, listener, filters, virtual hosts) (issue 14). */
  MESH_PROXY_PATCH("MeshProxyPatch", "meshproxypatches", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mpp",
      MeshProxyPatchSpec.class),
  /** Kuma's legacy form of MeshProxyPatch (selectors, imports, raw resources, modifications), accepted for compatibility. */
  PROXY_TEMPLATE("ProxyTemplate", "proxytemplates", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", ProxyTemplateSpec.class),
  /** The load balancer and hash policies of the clusters and routes to destinations (issue 14). */
  MESH_LOAD_BALANCING_STRATEGY("MeshLoadBalancingStrategy", "meshloadbalancingstrategies", Scope.MESH, Shape.WRAPPED,
      K8sScope.NAMESPACED, "mlbs", MeshLoadBalancingStrategySpec.class),
  /** Active health checks on the clusters to a destination (issue 14). */
  MESH_HEALTH_CHECK("MeshHealthCheck", "meshhealthchecks", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mhc",
      MeshHealthCheckSpec.class),
  /** Kuma's legacy health check, accepted for compatibility; MeshHealthCheck is the form to use. */
  HEALTH_CHECK("HealthCheck", "health-checks", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", HealthCheckSpec.class),
  /** Access logs of requests and connections: file, TCP or OpenTelemetry backends (issue 14). */
  MESH_ACCESS_LOG("MeshAccessLog", "meshaccesslogs", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mal",
      MeshAccessLogSpec.class),
  /** Kuma's legacy access log: sources/destinations selectors and a Mesh logging backend (issue 14). */
  TRAFFIC_LOG("TrafficLog", "traffic-logs", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", TrafficLogSpec.class),
  // Multi-zone: zones as resources on global (issue 15).
  /** A zone of a multi-zone deployment, on global: created by the zone when it connects, deleted by users. */
  ZONE("Zone", "zones", Scope.GLOBAL, Shape.FLAT, K8sScope.CLUSTER, "z", ZoneSpec.class),
  /** A zone's connections to global (subscriptions), written by the control planes; read-only through REST. */
  ZONE_INSIGHT("ZoneInsight", "zone-insights", Scope.GLOBAL, Shape.FLAT, K8sScope.CLUSTER, "", ZoneInsightSpec.class);

  /**
   * The Mesh* kind that replaces a legacy one (Timeout → MeshTimeout), for deprecation warnings and
   * precedence; empty for every other kind.
   */
  public Optional<ResourceKind> replacement() {
    return switch (this) {
      case TIMEOUT -> Optional.of(MESH_TIMEOUT);
      case RETRY -> Optional.of(MESH_RETRY);
      case CIRCUIT_BREAKER -> Optional.of(MESH_CIRCUIT_BREAKER);
      case RATE_LIMIT -> Optional.of(MESH_RATE_LIMIT);
      case FAULT_INJECTION -> Optional.of(MESH_FAULT_INJECTION);
      case HEALTH_CHECK -> Optional.of(MESH_HEALTH_CHECK);
      case PROXY_TEMPLATE -> Optional.of(MESH_PROXY_PATCH);
      case TRAFFIC_LOG -> Optional.of(MESH_ACCESS_LOG);
      default -> Optional.empty();
    };
  }

  /** Whether a resource lives inside a mesh (REST path /meshes/{mesh}/...) or beside meshes. */
  public enum Scope { GLOBAL, MESH }

  /**
   * How the universal form lays out the spec: Kuma's older kinds put spec fields at the top level
   * next to type/mesh/name; the newer policy-style kinds nest them under {@code spec}.
   */
  public enum Shape { FLAT, WRAPPED }

  /** Whether the Kubernetes form of the kind has a namespace (Kuma's CRD scope). */
  public enum K8sScope { CLUSTER, NAMESPACED }

  public static final String API_VERSION = "kuma.io/v1alpha1";

  private final String typeName;
  private final String collection;
  private final Scope scope;
  private final Shape shape;
  private final K8sScope k8sScope;
  private final String shortName;
  private final Class<? extends ResourceSpec> specClass;

  ResourceKind(String typeName, String collection, Scope scope, Shape shape, K8sScope k8sScope, String shortName,
      Class<? extends ResourceSpec> specClass) {
    this.typeName = typeName;
    this.collection = collection;
    this.scope = scope;
    this.shape = shape;
    this.k8sScope = k8sScope;
    this.shortName = shortName;
    this.specClass = specClass;
  }

  /** The {@code type:} (universal) and {@code kind:} (Kubernetes) value, e.g. "MeshGateway". */
  public String typeName() { return typeName; }

  /** The REST collection path segment, e.g. "meshgateways". */
  public String collection() { return collection; }

  public Scope scope() { return scope; }

  public Shape shape() { return shape; }

  public K8sScope k8sScope() { return k8sScope; }

  /** Kuma's short name ("" when the kind has none); also the kri prefix. */
  public String shortName() { return shortName; }

  public Class<? extends ResourceSpec> specClass() { return specClass; }

  public boolean isMeshScoped() { return scope == Scope.MESH; }

  /** Field paths of WRAPPED kinds start with "spec.", as in Kuma's error messages. */
  public String fieldPrefix() { return shape == Shape.WRAPPED ? "spec" : ""; }

  public static Optional<ResourceKind> byTypeName(String name) {
    return Arrays.stream(values()).filter(k -> k.typeName.equals(name)).findFirst();
  }

  /** Accepts the collection ("meshgateways"), the type name in any case, or the short name, like kumactl. */
  public static Optional<ResourceKind> byAnyName(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return Arrays.stream(values())
        .filter(k -> k.collection.equals(n) || k.typeName.toLowerCase(java.util.Locale.ROOT).equals(n)
            || (!k.shortName.isEmpty() && k.shortName.equals(n)))
        .findFirst();
  }

  public static Optional<ResourceKind> byCollection(String collection) {
    return Arrays.stream(values()).filter(k -> k.collection.equals(collection)).findFirst();
  }
}
