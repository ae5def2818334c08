package dev.atrium.core.k8s.crd;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a kind's CRD needs beyond the model: kubectl short names and printer columns (Kuma's where Kuma
 * has them), a one-line description and, for MeshGatewayInstance, the status the controller writes.
 * Names, scope, shape and the spec's type come from {@link ResourceKind}.
 *
 * <p>The short names are kubectl's ({@code kubectl get mgw}); {@link ResourceKind#shortName()} is
 * Kuma's kri prefix, a different list ({@code dp} there, {@code dpp} here, as in Kuma).
 */
public enum CrdKind {
  MESH(ResourceKind.MESH, List.of("m"), null,
      "A Kuma mesh: an isolated group of services with its own mTLS, policies and gateways.",
      PrinterColumn.of("mTLS", "string", ".spec.mtls.enabledBackend", "The certificate authority backend in use, if mTLS is on"),
      PrinterColumn.AGE),
  DATAPLANE(ResourceKind.DATAPLANE, List.of("dpp"), null,
      "A data plane proxy: a sidecar beside a workload, or a delegated or builtin gateway.",
      PrinterColumn.MESH,
      PrinterColumn.of("Address", "string", ".spec.networking.address", "Address other proxies reach this one on"),
      PrinterColumn.of("Gateway Type", "string", ".spec.networking.gateway.type", "DELEGATED or BUILTIN for a gateway proxy; empty for a sidecar"),
      PrinterColumn.AGE),
  MESH_GATEWAY(ResourceKind.MESH_GATEWAY, List.of("mgw"), null,
      "A builtin gateway: the listeners its selected gateway proxies serve.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  MESH_GATEWAY_ROUTE(ResourceKind.MESH_GATEWAY_ROUTE, List.of(), null,
      "HTTP or TCP routes for builtin gateway listeners, selected by listener tags.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  MESH_HTTP_ROUTE(ResourceKind.MESH_HTTP_ROUTE, List.of("mhttpr"), null,
      "HTTP routing for sidecars and builtin gateways (Gateway-API-like rules). The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  MESH_TCP_ROUTE(ResourceKind.MESH_TCP_ROUTE, List.of("mtcpr"), null,
      "TCP routing for sidecars and builtin gateways: weighted backends. The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  MESH_GATEWAY_INSTANCE(ResourceKind.MESH_GATEWAY_INSTANCE, List.of(), MeshGatewayInstanceStatus.class,
      "Builtin gateway capacity: the control plane runs a Deployment of gateway proxies and a Service for the"
          + " MeshGateway matching its tags. The mesh is the kuma.io/mesh label (default: default).",
      PrinterColumn.of("Replicas", "integer", ".spec.replicas", "Gateway proxy Pods asked for (empty means 1)"),
      PrinterColumn.of("Service Type", "string", ".spec.serviceType", "Type of the managed Service (empty means LoadBalancer)"),
      PrinterColumn.of("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", "Whether the gateway Pods and Service are ready"),
      PrinterColumn.AGE),
  DATAPLANE_INSIGHT(ResourceKind.DATAPLANE_INSIGHT, List.of(), null,
      "What the control plane saw of one proxy's xDS connections; written by Atrium, read-only for users.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  ZONE_INGRESS(ResourceKind.ZONE_INGRESS, List.of("zi"), null,
      "A zone's entrance for traffic from other zones: passes their mesh TLS through to this zone's services"
          + " by SNI. availableServices is written by the control plane.",
      PrinterColumn.of("Zone", "string", ".spec.zone", "The zone the ingress serves (set once it reaches global)"),
      PrinterColumn.AGE),
  ZONE_INGRESS_INSIGHT(ResourceKind.ZONE_INGRESS_INSIGHT, List.of(), null,
      "What the zone control plane saw of one ZoneIngress's xDS connections; written by Atrium, read-only for users.",
      PrinterColumn.AGE),
  MESH_TRAFFIC_PERMISSION(ResourceKind.MESH_TRAFFIC_PERMISSION, List.of("mtp"), null,
      "Which callers (from) may reach the proxies the targetRef selects, over mesh mTLS: Allow, Deny or"
          + " AllowWithShadowDeny. The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  TRAFFIC_PERMISSION(ResourceKind.TRAFFIC_PERMISSION, List.of(), null,
      "Kuma's legacy permission: services matching sources may call those matching destinations over mesh"
          + " mTLS. MeshTrafficPermission wins where both apply.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  MESH_TIMEOUT(ResourceKind.MESH_TIMEOUT, List.of("mt"), null,
      "Connection, idle, request and stream timeouts of the proxies the targetRef selects: to destinations (to)"
          + " and on their inbound side (from). The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  MESH_CIRCUIT_BREAKER(ResourceKind.MESH_CIRCUIT_BREAKER, List.of("mcb"), null,
      "Connection limits and outlier detection on the clusters the proxies the targetRef selects use to reach"
          + " destinations (to). The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  MESH_FAULT_INJECTION(ResourceKind.MESH_FAULT_INJECTION, List.of("mfi"), null,
      "HTTP faults (abort with a status, delay, limited response bandwidth) injected into a share of the requests"
          + " of the proxies the targetRef selects: on their inbounds (from) or at builtin gateways (to)."
          + " The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  MESH_RATE_LIMIT(ResourceKind.MESH_RATE_LIMIT, List.of("mrl"), null,
      "Local request (HTTP) and connection (TCP) rate limits of the proxies the targetRef selects: a builtin"
          + " gateway's routes (to) and sidecar inbounds (from). The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  MESH_RETRY(ResourceKind.MESH_RETRY, List.of("mr"), null,
      "When and how often the proxies the targetRef selects retry failed HTTP and gRPC requests and TCP connects"
          + " to destinations (to). The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  EXTERNAL_SERVICE(ResourceKind.EXTERNAL_SERVICE, List.of(), null,
      "Kuma's legacy service outside the mesh: outbounds and gateway backends naming its kuma.io/service tag go"
          + " to networking.address (host:port), with TLS when networking.tls.enabled. Prefer MeshExternalService.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  TIMEOUT(ResourceKind.TIMEOUT, List.of(), null,
      "Kuma's legacy timeouts (deprecated, use MeshTimeout): connect, idle and request timeouts from services"
          + " matching sources to those matching destinations. MeshTimeout wins where both apply.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  RETRY(ResourceKind.RETRY, List.of(), null,
      "Kuma's legacy retries (deprecated, use MeshRetry) from services matching sources to those matching"
          + " destinations. MeshRetry wins where both apply.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  CIRCUIT_BREAKER(ResourceKind.CIRCUIT_BREAKER, List.of(), null,
      "Kuma's legacy circuit breaker (deprecated, use MeshCircuitBreaker): outlier detection and"
          + " thresholds on the clusters to destinations. MeshCircuitBreaker wins where both apply.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  RATE_LIMIT(ResourceKind.RATE_LIMIT, List.of(), null,
      "Kuma's legacy rate limit (deprecated, use MeshRateLimit): requests per interval to destinations."
          + " MeshRateLimit wins where both apply.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  FAULT_INJECTION(ResourceKind.FAULT_INJECTION, List.of(), null,
      "Kuma's legacy fault injection (deprecated, use MeshFaultInjection): abort, delay and response"
          + " bandwidth faults. MeshFaultInjection wins where both apply.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  MESH_PROXY_PATCH(ResourceKind.MESH_PROXY_PATCH, List.of("mpp"), null,
      "Changes to the Envoy resources generated for the proxies the targetRef selects: clusters, listeners,"
          + " network and HTTP filters, virtual hosts (add, remove, patch with Envoy YAML or JSON patches)."
          + " The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  PROXY_TEMPLATE(ResourceKind.PROXY_TEMPLATE, List.of(), null,
      "Kuma's legacy form of MeshProxyPatch, accepted for compatibility: proxies matching selectors get the"
          + " imported profile, raw Envoy resources and modifications.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  MESH_LOAD_BALANCING_STRATEGY(ResourceKind.MESH_LOAD_BALANCING_STRATEGY, List.of("mlbs"), null,
      "How the proxies the targetRef selects spread requests over a destination's endpoints (to): the load"
          + " balancer, what a hashing balancer hashes on, and locality awareness. The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  MESH_HEALTH_CHECK(ResourceKind.MESH_HEALTH_CHECK, List.of("mhc"), null,
      "Active health checks (HTTP, TCP) the proxies the targetRef selects run against the endpoints of"
          + " destinations (to); an endpoint failing them gets no traffic. The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  HEALTH_CHECK(ResourceKind.HEALTH_CHECK, List.of(), null,
      "Kuma's legacy health check: proxies matching sources check the endpoints of the services matching"
          + " destinations. Use MeshHealthCheck instead; it wins where both apply.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  TRAFFIC_LOG(ResourceKind.TRAFFIC_LOG, List.of(), null,
      "Kuma's legacy access log: services matching sources log what they send to those matching destinations,"
          + " to a logging backend of the Mesh (conf.backend, else its defaultBackend). Prefer MeshAccessLog.",
      PrinterColumn.MESH, PrinterColumn.AGE),
  MESH_ACCESS_LOG(ResourceKind.MESH_ACCESS_LOG, List.of("mal"), null,
      "Where the proxies the targetRef selects log each request or connection (file, TCP, OpenTelemetry):"
          + " what they forward (to) and what their inbounds take (from). The mesh is the kuma.io/mesh label.",
      PrinterColumn.MESH_LABEL, PrinterColumn.TARGET_REF_KIND, PrinterColumn.TARGET_REF_NAME, PrinterColumn.AGE),
  ZONE(ResourceKind.ZONE, List.of("z"), null,
      "A zone of a multi-zone deployment, on the global control plane: created by the zone when it first connects;"
          + " enabled: false excludes it.",
      PrinterColumn.of("Enabled", "boolean", ".spec.enabled", "Whether the zone takes part (absent means true)"),
      PrinterColumn.AGE),
  ZONE_INSIGHT(ResourceKind.ZONE_INSIGHT, List.of(), null,
      "A zone's connections to the global control plane (subscriptions, newest last); written by the control planes,"
          + " read-only for users.",
      PrinterColumn.AGE);

  private final ResourceKind kind;
  private final List<String> shortNames;
  private final Class<?> statusType;
  private final String description;
  private final List<PrinterColumn> printerColumns;

  CrdKind(ResourceKind kind, List<String> shortNames, Class<?> statusType, String description, PrinterColumn... columns) {
    this.kind = kind;
    this.shortNames = shortNames;
    this.statusType = statusType;
    this.description = description;
    this.printerColumns = List.of(columns);
  }

  public ResourceKind kind() { return kind; }

  /** kubectl's short names, e.g. {@code mgw}; empty when Kuma has none. */
  public List<String> shortNames() { return shortNames; }

  /** The status subresource's type, or null when the kind has none. */
  public Class<?> statusType() { return statusType; }

  public String description() { return description; }

  public List<PrinterColumn> printerColumns() { return printerColumns; }

  /**
   * The CRD of a kind; empty for Secret and GlobalSecret, which are core/v1 Secrets of type
   * system.kuma.io/secret and system.kuma.io/global-secret.
   */
  public static Optional<CrdKind> of(ResourceKind kind) {
    return Arrays.stream(values()).filter(c -> c.kind == kind).findFirst();
  }

  /** A column of {@code kubectl get}. */
  public record PrinterColumn(String name, String type, String jsonPath, String description) {
    static final PrinterColumn AGE = of("Age", "date", ".metadata.creationTimestamp", null);
    static final PrinterColumn MESH = of("Mesh", "string", ".mesh", "The mesh the resource belongs to");
    static final PrinterColumn MESH_LABEL = of("Mesh", "string", ".metadata.labels['kuma\\.io/mesh']",
        "The mesh the resource belongs to (kuma.io/mesh label; empty means default)");
    static final PrinterColumn TARGET_REF_KIND = of("TargetRef Kind", "string", ".spec.targetRef.kind", null);
    static final PrinterColumn TARGET_REF_NAME = of("TargetRef Name", "string", ".spec.targetRef.name", null);

    static PrinterColumn of(String name, String type, String jsonPath, String description) {
      return new PrinterColumn(name, type, jsonPath, description);
    }
  }
}
