package dev.atrium.core.model;

import dev.atrium.core.model.accesslog.MeshAccessLogSpec;
import dev.atrium.core.model.accesslog.TrafficLogSpec;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec;
import dev.atrium.core.model.faultinjection.MeshFaultInjectionSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec;
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
import dev.atrium.core.model.retry.MeshRetrySpec;
import dev.atrium.core.model.timeout.MeshTimeoutSpec;
import dev.atrium.core.model.ratelimit.MeshRateLimitSpec;
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
  /** Access logs of requests and connections: file, TCP or OpenTelemetry backends (issue 14). */
  /** Kuma's legacy access log: sources/destinations selectors and a Mesh logging backend (issue 14). */
  TRAFFIC_LOG("TrafficLog", "traffic-logs", Scope.MESH, Shape.FLAT, K8sScope.CLUSTER, "", TrafficLogSpec.class),
  MESH_ACCESS_LOG("MeshAccessLog", "meshaccesslogs", Scope.MESH, Shape.WRAPPED, K8sScope.NAMESPACED, "mal",
      MeshAccessLogSpec.class);

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
