package dev.atrium.core.k8s.crd;

import java.util.Map;

/**
 * The descriptions {@code kubectl explain} shows, for the fields users reach for first. Keyed by the
 * record's name inside its package ({@code MeshGatewaySpec.Listener}) and the component's Java name;
 * a field without an entry has no description. Wording is Atrium's; the rules themselves are enforced
 * by the Validator, not by the schema.
 */
final class FieldDescriptions {
  private FieldDescriptions() {}

  private static final Map<String, String> TABLE = Map.ofEntries(
      // shared
      Map.entry("Selector.match", "Tags a data plane proxy must all have; \"*\" matches any value."),
      Map.entry("DataSource.secret", "Name of a Secret of the same mesh holding the bytes."),
      Map.entry("DataSource.file", "Path of a file on the proxy's machine."),
      Map.entry("DataSource.inline", "The bytes themselves, base64-encoded."),
      Map.entry("DataSource.inlineString", "The bytes as a plain string (for example a PEM block)."),

      // Mesh
      Map.entry("MeshSpec.mtls", "Mutual TLS between the mesh's proxies: the certificate authority backends and the enabled one."),
      Map.entry("MeshSpec.Mtls.enabledBackend", "Name of the backend that issues certificates; empty means mTLS is off."),
      Map.entry("MeshSpec.Mtls.backends", "Certificate authority backends (builtin, provided, ...)."),
      Map.entry("MeshSpec.Mtls.skipValidation", "Skip the backend's conf checks when the Mesh is written (the type is still checked)."),
      Map.entry("MeshSpec.CertificateAuthorityBackend.name", "Name of the backend; a builtin CA is kept in Secrets <mesh>.ca-builtin-cert-<name> and -key-<name>."),
      Map.entry("MeshSpec.CertificateAuthorityBackend.type", "builtin (the control plane makes the CA) or provided (conf.cert and conf.key)."),
      Map.entry("MeshSpec.CertificateAuthorityBackend.mode", "STRICT (mTLS only, the default) or PERMISSIVE (plaintext accepted too)."),
      Map.entry("MeshSpec.CertificateAuthorityBackend.conf", "builtin: caCert{RSAbits, expiration}; provided: cert and key data sources."),
      Map.entry("MeshSpec.Rotation.expiration", "Lifetime of a proxy certificate in Kuma's format (1d, 24h); default 24h."),

      // permissions
      Map.entry("MeshTrafficPermissionSpec.targetRef", "The proxies whose inbounds the permission protects: Mesh, MeshSubset, MeshService, MeshServiceSubset or Dataplane."),
      Map.entry("MeshTrafficPermissionSpec.from", "Callers (Mesh, MeshSubset, MeshService, MeshServiceSubset) and what to do with them."),
      Map.entry("MeshTrafficPermissionSpec.Conf.action", "Allow, Deny or AllowWithShadowDeny."),
      // timeouts
      Map.entry("MeshTimeoutSpec.targetRef", "The proxies the timeouts apply to: Mesh (optionally by proxyTypes), MeshSubset, Dataplane, MeshService(Subset), or for system policies MeshGateway (listener tags) and MeshHTTPRoute."),
      Map.entry("MeshTimeoutSpec.to", "Destinations (Mesh, MeshService, MeshExternalService…) and the timeouts of traffic to them."),
      Map.entry("MeshTimeoutSpec.from", "Callers (Mesh) and the timeouts of the selected proxies' inbound side (a builtin gateway's listeners)."),
      Map.entry("MeshTimeoutSpec.Conf.connectionTimeout", "How long a TCP connect to an upstream host may take (Go duration, above zero)."),
      Map.entry("MeshTimeoutSpec.Conf.idleTimeout", "How long a connection may stay without active requests (0 disables)."),
      Map.entry("MeshTimeoutSpec.Http.requestTimeout", "How long a whole request may take (0 disables)."),
      Map.entry("MeshTimeoutSpec.Http.streamIdleTimeout", "How long a stream may carry no data (0 disables)."),
      // circuit breakers
      Map.entry("MeshCircuitBreakerSpec.targetRef", "The proxies whose clusters get the limits: Mesh (optionally by proxyTypes), MeshSubset, MeshService(Subset), MeshGateway (listener tags) or Dataplane."),
      Map.entry("MeshCircuitBreakerSpec.to", "Destinations (Mesh, MeshService…) and the limits of the clusters reaching them."),
      Map.entry("MeshCircuitBreakerSpec.ConnectionLimits.maxConnections", "Connections Envoy opens at most to all hosts of the cluster (above zero)."),
      Map.entry("MeshCircuitBreakerSpec.ConnectionLimits.maxPendingRequests", "Requests that may wait for a connection; more are answered 503 at once."),
      Map.entry("MeshCircuitBreakerSpec.OutlierDetection.disabled", "True leaves the cluster without outlier detection."),
      // fault injection
      Map.entry("MeshFaultInjectionSpec.targetRef", "The proxies whose requests get faults: Mesh (optionally by proxyTypes), MeshSubset, MeshService(Subset), Dataplane, or for system policies MeshGateway (listener tags)."),
      Map.entry("MeshFaultInjectionSpec.to", "Only when the scope includes builtin gateways: Mesh, and the faults of every request the gateway takes."),
      Map.entry("MeshFaultInjectionSpec.from", "Callers (Mesh, MeshSubset, MeshService, MeshServiceSubset) and the faults of their requests to the selected sidecars' inbounds."),
      Map.entry("MeshFaultInjectionSpec.Conf.http", "Faults, each one Envoy fault filter; a later entry replaces the list whole."),
      Map.entry("MeshFaultInjectionSpec.Abort.httpStatus", "The status answered instead of forwarding (100-599)."),
      Map.entry("MeshFaultInjectionSpec.Delay.value", "How long to wait before forwarding (Go duration)."),
      Map.entry("MeshFaultInjectionSpec.ResponseBandwidth.limit", "The response body's rate limit in kbps, Mbps or Gbps."),
      // rate limits
      Map.entry("MeshRateLimitSpec.targetRef", "The proxies the limits apply to: Mesh (optionally by proxyTypes), MeshSubset, Dataplane, MeshService(Subset), or for system policies MeshGateway (listener tags) and MeshHTTPRoute."),
      Map.entry("MeshRateLimitSpec.to", "Only when the scope includes gateways: destinations (Mesh) and the limits of a builtin gateway's routes."),
      Map.entry("MeshRateLimitSpec.from", "Callers (Mesh) and the limits of the selected sidecars' inbounds; not with a scope that includes gateways."),
      Map.entry("MeshRateLimitSpec.Rate.num", "How many requests or connections per interval (above 0)."),
      Map.entry("MeshRateLimitSpec.Rate.interval", "The interval the number refills over (Go duration, above 50ms)."),
      Map.entry("MeshRateLimitSpec.OnRateLimit.status", "The status of a limited request (Envoy's default: 429)."),
      // retries
      // proxy patches
      Map.entry("MeshProxyPatchSpec.targetRef", "The proxies whose Envoy resources are changed: Mesh, MeshSubset, Dataplane, MeshService(Subset), or for system policies MeshGateway (no listener tags)."),
      Map.entry("MeshProxyPatchSpec.Conf.appendModifications", "Changes applied in order after every other policy; several matching policies append theirs, least specific first."),
      Map.entry("Modification.cluster", "Add, Remove or Patch clusters (match: name, origin)."),
      Map.entry("Modification.listener", "Add, Remove or Patch listeners (match: name, origin, tags)."),
      Map.entry("Modification.networkFilter", "AddFirst, AddLast, AddBefore, AddAfter, Remove or Patch network filters (match: name, origin, listenerName, listenerTags)."),
      Map.entry("Modification.httpFilter", "AddFirst, AddLast, AddBefore, AddAfter, Remove or Patch HTTP filters of HTTP connection managers (match: name, origin, listenerName, listenerTags)."),
      Map.entry("Modification.virtualHost", "Add, Remove or Patch virtual hosts of route configurations (match: name, origin, routeConfigurationName)."),
      Map.entry("Mod.value", "The Envoy resource (Add) or the fields to merge into it (Patch), as Envoy YAML."),
      Map.entry("Mod.jsonPatches", "RFC 6902 operations on the matched resource as Envoy JSON (instead of value, Patch only)."),
      Map.entry("Match.origin", "What generated the resource: gateway (builtin gateway), inbound, outbound, transparent."),
      Map.entry("ProxyTemplateSpec.selectors", "Proxies whose tags match one of these get the template (the most specific matching template wins)."),
      Map.entry("ProxyTemplateSpec.Conf.imports", "Profiles: default-proxy or gateway-proxy (both are Atrium's generated configuration)."),
      Map.entry("MeshRetrySpec.targetRef", "The proxies that retry: Mesh (optionally by proxyTypes), MeshSubset, Dataplane, MeshService(Subset), or for system policies MeshGateway (listener tags) and MeshHTTPRoute."),
      Map.entry("MeshRetrySpec.to", "Destinations (Mesh, MeshService, MeshExternalService…) and how requests and connects to them are retried."),
      Map.entry("MeshRetrySpec.Tcp.maxConnectAttempt", "How many times a TCP connect to the destination is tried (above zero)."),
      Map.entry("MeshRetrySpec.Http.numRetries", "Retries after the first attempt (0 turns retries off)."),
      Map.entry("MeshRetrySpec.Http.perTryTimeout", "How long each attempt may take (Go duration)."),
      // access logs
      Map.entry("MeshAccessLogSpec.targetRef", "The proxies that log: Mesh (optionally by proxyTypes), MeshSubset, MeshService(Subset), MeshGateway (listener tags) or Dataplane."),
      Map.entry("MeshAccessLogSpec.to", "Destinations (Mesh; behind a MeshGateway Mesh only) and where requests and connections to them are logged."),
      Map.entry("MeshAccessLogSpec.from", "Callers (Mesh) and where what the selected sidecars' inbounds take is logged."),
      Map.entry("MeshAccessLogSpec.Conf.backends", "Where lines go; a later entry replaces the list whole."),
      Map.entry("MeshAccessLogSpec.Backend.type", "File, Tcp or OpenTelemetry: which of the fields below is set."),
      Map.entry("MeshAccessLogSpec.File.path", "The absolute path Envoy appends lines to (/dev/stdout: its standard output)."),
      Map.entry("MeshAccessLogSpec.Tcp.address", "host:port of the log collector (Atrium writes the record to Envoy's standard output, see the docs)."),
      Map.entry("MeshAccessLogSpec.OpenTelemetry.endpoint", "host:port of an OpenTelemetry collector taking OTLP over gRPC."),
      Map.entry("MeshAccessLogSpec.Format.type", "Plain (one line template) or Json (key/value pairs); unset: Kuma's default line."),
      Map.entry("MeshAccessLogSpec.Format.plain", "Envoy command operators plus %KUMA_MESH%, %KUMA_SOURCE_SERVICE%, %KUMA_DESTINATION_SERVICE%, %KUMA_SOURCE_ADDRESS_WITHOUT_PORT%."),
      Map.entry("TrafficLogSpec.sources", "Selectors of the logging proxies (kuma.io/service required); at a builtin gateway its listener tags."),
      Map.entry("TrafficLogSpec.destinations", "Selectors of the destinations, kuma.io/service only; a builtin gateway logs only with '*'."),
      Map.entry("TrafficLogSpec.Conf.backend", "The name of a Mesh logging backend; empty: the Mesh's defaultBackend."),
      Map.entry("MeshRetrySpec.Http.retryOn", "What is retried: 5xx, GatewayError, Reset, Retriable4xx, ConnectFailure, EnvoyRatelimited, RefusedStream, Http3PostConnectFailure, HttpMethod<Verb>, or status codes. Unset: GatewayError, ConnectFailure, RefusedStream."),
      // external services
      Map.entry("ExternalServiceSpec.tags", "The service's tags; kuma.io/service (required) is the name outbounds and gateway backends use, kuma.io/protocol its protocol."),
      Map.entry("ExternalServiceSpec.Networking.address", "host:port of the service; the host is an IP address or a DNS name (resolved by the proxy)."),
      Map.entry("ExternalServiceSpec.Networking.tls", "TLS the proxy originates to the service (not mesh mTLS)."),
      Map.entry("ExternalServiceSpec.Tls.enabled", "Originate TLS to the service."),
      Map.entry("ExternalServiceSpec.Tls.serverName", "SNI and the name the server certificate must carry; default: the address's host when it is a DNS name."),
      Map.entry("ExternalServiceSpec.Tls.caCert", "CA certificates the server certificate must chain to; unset: the server certificate is not verified."),
      Map.entry("ExternalServiceSpec.Tls.clientCert", "Client certificate presented to the service (with clientKey)."),
      Map.entry("ExternalServiceSpec.Tls.clientKey", "Private key of clientCert."),
      // legacy connection policies (deprecated: Kuma 3.0 removes them)
      Map.entry("TimeoutSpec.sources", "Selectors of the proxies whose outbound traffic the timeouts apply to."),
      Map.entry("TimeoutSpec.destinations", "Selectors (kuma.io/service only) of the destinations."),
      Map.entry("TimeoutSpec.Conf.connectTimeout", "How long a connection to the destination may take to open."),
      Map.entry("TimeoutSpec.Http.requestTimeout", "How long a whole request may take; 0 disables."),
      Map.entry("RetrySpec.destinations", "Selectors (kuma.io/service only) of the destinations whose requests are retried."),
      Map.entry("RetrySpec.Http.numRetries", "Retries after the first attempt."),
      Map.entry("CircuitBreakerSpec.destinations", "Selectors (kuma.io/service only) of the destinations."),
      Map.entry("CircuitBreakerSpec.Conf.detectors", "Outlier detectors: totalErrors, gatewayErrors, localErrors, standardDeviation, failure."),
      Map.entry("RateLimitSpec.Http.requests", "Requests allowed per interval."),
      Map.entry("RateLimitSpec.Http.interval", "The interval the requests are counted over."),
      Map.entry("FaultInjectionSpec.Conf.abort", "Answer httpStatus instead of forwarding, for percentage % of the requests."),
      Map.entry("FaultInjectionSpec.Conf.delay", "Wait value before forwarding, for percentage % of the requests."),
      // load balancing
      Map.entry("MeshLoadBalancingStrategySpec.targetRef", "The proxies that balance: Mesh (optionally by proxyTypes), MeshSubset, Dataplane, MeshService(Subset) or MeshGateway (listener tags)."),
      Map.entry("MeshLoadBalancingStrategySpec.to", "Destinations (Mesh, MeshService, MeshMultiZoneService, MeshHTTPRoute for hash policies only) and how requests to them are spread."),
      Map.entry("MeshLoadBalancingStrategySpec.Conf.loadBalancer", "The balancer: RoundRobin, LeastRequest, RingHash, Random or Maglev, with the section of that type."),
      Map.entry("MeshLoadBalancingStrategySpec.Conf.hashPolicies", "What RingHash and Maglev hash a request on, in order; overrides the balancer section's list."),
      Map.entry("MeshLoadBalancingStrategySpec.Conf.localityAwareness", "Preference for endpoints in the same zone or with the same tags (needs several zones to change anything)."),
      Map.entry("MeshLoadBalancingStrategySpec.LeastRequest.choiceCount", "Hosts sampled per pick, at least 2 (default 2)."),
      Map.entry("MeshLoadBalancingStrategySpec.RingHash.minRingSize", "Smallest hash ring, 1 to 8000000 (default 1024)."),
      Map.entry("MeshLoadBalancingStrategySpec.RingHash.maxRingSize", "Largest hash ring, 1 to 8000000 (default 8M)."),
      Map.entry("MeshLoadBalancingStrategySpec.Maglev.tableSize", "Lookup table size, a prime up to 5000011 (default 65537)."),
      Map.entry("MeshLoadBalancingStrategySpec.HashPolicy.type", "Header, Cookie, Connection, SourceIP, QueryParameter or FilterState."),
      Map.entry("MeshLoadBalancingStrategySpec.HashPolicy.terminal", "Stop at this policy when it produced a hash."),
      Map.entry("MeshHealthCheckSpec.targetRef", "The proxies that run the checks: Mesh (optionally by proxyTypes), MeshSubset, MeshService(Subset), MeshGateway (listener tags) or Dataplane."),
      Map.entry("MeshHealthCheckSpec.to", "Destinations (Mesh, MeshService…) and how the endpoints of the clusters reaching them are checked."),
      Map.entry("MeshHealthCheckSpec.Conf.interval", "Time between two checks of one endpoint (Go duration; default 1m)."),
      Map.entry("MeshHealthCheckSpec.Conf.timeout", "How long a check may take before it counts as failed (default 15s)."),
      Map.entry("MeshHealthCheckSpec.Conf.unhealthyThreshold", "Failed checks in a row that make an endpoint unhealthy (default 5)."),
      Map.entry("MeshHealthCheckSpec.Conf.healthyThreshold", "Passed checks in a row that make it healthy again (default 1)."),
      Map.entry("MeshHealthCheckSpec.Http.path", "The path each HTTP check requests (default /)."),
      Map.entry("MeshHealthCheckSpec.Http.expectedStatuses", "Statuses that count as healthy (default 200 only)."),
      Map.entry("MeshHealthCheckSpec.Http.disabled", "True: no HTTP check (an HTTP destination then takes the tcp check, if any)."),
      Map.entry("MeshHealthCheckSpec.Tcp.send", "Text sent after connecting; with receive, the reply must contain each receive text."),
      Map.entry("HealthCheckSpec.sources", "Selectors of the checking proxies (kuma.io/service required); at a builtin gateway, its listeners' tags."),
      Map.entry("HealthCheckSpec.destinations", "Selectors of the checked services: exactly the kuma.io/service tag."),
      Map.entry("TrafficPermissionSpec.sources", "Selectors of the calling services; at least one."),
      Map.entry("TrafficPermissionSpec.destinations", "Selectors of the called inbounds; at least one."),

      // Dataplane
      Map.entry("DataplaneSpec.networking", "Addresses, inbounds, outbounds or the gateway role of the proxy."),
      Map.entry("DataplaneSpec.Networking.address", "IP address or hostname other proxies reach this one on."),
      Map.entry("DataplaneSpec.Networking.inbound", "Ports of the workload this proxy serves to the mesh (sidecars)."),
      Map.entry("DataplaneSpec.Networking.outbound", "Local ports the workload uses to reach mesh services."),
      Map.entry("DataplaneSpec.Networking.gateway", "Makes the proxy a gateway: DELEGATED (beside another API gateway) or BUILTIN (configured by MeshGateway)."),
      Map.entry("DataplaneSpec.Gateway.type", "DELEGATED (the default) or BUILTIN."),
      Map.entry("DataplaneSpec.Gateway.tags", "Tags of the gateway; kuma.io/service is required."),
      Map.entry("DataplaneSpec.Inbound.port", "Port the proxy listens on for this inbound."),
      Map.entry("DataplaneSpec.Inbound.servicePort", "Port of the workload behind the proxy (defaults to port)."),
      Map.entry("DataplaneSpec.Inbound.tags", "Tags of the inbound; kuma.io/service is required."),
      Map.entry("DataplaneSpec.Outbound.port", "Local port the workload connects to."),
      Map.entry("DataplaneSpec.Outbound.tags", "Tags of the destination service (kuma.io/service)."),

      // MeshGateway
      Map.entry("MeshGatewaySpec.selectors", "Which builtin gateway proxies serve this gateway, by their tags."),
      Map.entry("MeshGatewaySpec.tags", "Tags added to every listener of the gateway."),
      Map.entry("MeshGatewaySpec.conf", "The gateway's listeners."),
      Map.entry("MeshGatewaySpec.Conf.listeners", "Where the gateway accepts traffic: port, protocol, hostname and TLS."),
      Map.entry("MeshGatewaySpec.Listener.hostname", "Host the listener serves; \"*\" or absent means any, \"*.example.com\" a wildcard."),
      Map.entry("MeshGatewaySpec.Listener.port", "Port to listen on, 1-65535."),
      Map.entry("MeshGatewaySpec.Listener.protocol", "HTTP, HTTPS, TCP or TLS."),
      Map.entry("MeshGatewaySpec.Listener.tls", "TLS settings; required for HTTPS and TLS listeners."),
      Map.entry("MeshGatewaySpec.Listener.tags", "Tags of the listener, matched by route selectors."),
      Map.entry("MeshGatewaySpec.Listener.crossMesh", "Serve clients from other meshes (HTTP only; the mesh needs mTLS)."),
      Map.entry("MeshGatewaySpec.Listener.resources", "Limits on the listener's resources."),
      Map.entry("MeshGatewaySpec.Resources.connectionLimit", "Maximum number of open connections to the listener."),
      Map.entry("MeshGatewaySpec.Tls.mode", "TERMINATE (the gateway holds the certificates) or PASSTHROUGH."),
      Map.entry("MeshGatewaySpec.Tls.certificates", "Certificate and key sources, at most one RSA and one ECDSA."),
      Map.entry("MeshGatewaySpec.Tls.options", "TLS protocol options, kept as written."),

      // MeshGatewayRoute
      Map.entry("MeshGatewayRouteSpec.selectors", "Which gateway listeners the route attaches to, by their tags."),
      Map.entry("MeshGatewayRouteSpec.conf", "HTTP or TCP routing rules."),
      Map.entry("MeshGatewayRouteSpec.Http.hostnames", "Hosts the rules apply to; absent means the listener's."),
      Map.entry("MeshGatewayRouteSpec.Http.rules", "Rules in order of precedence chosen by Kuma's matching rules."),
      Map.entry("MeshGatewayRouteSpec.HttpRule.matches", "Request matches; any one of them selects the rule."),
      Map.entry("MeshGatewayRouteSpec.HttpRule.filters", "Header changes, mirrors, redirects and rewrites."),
      Map.entry("MeshGatewayRouteSpec.HttpRule.backends", "Weighted destinations of the matched requests."),
      Map.entry("MeshGatewayRouteSpec.Backend.weight", "Relative share of the traffic (default 1)."),
      Map.entry("MeshGatewayRouteSpec.Backend.destination", "Tags of the destination; kuma.io/service is required."),

      // MeshHTTPRoute, MeshTCPRoute
      Map.entry("MeshHTTPRouteSpec.targetRef", "What the route applies to; on a builtin gateway: kind MeshGateway, with tags selecting listeners."),
      Map.entry("MeshHTTPRouteSpec.to", "Destinations and the rules for traffic to them."),
      Map.entry("MeshHTTPRouteSpec.To.hostnames", "Hosts the rules apply to (gateway routes only)."),
      Map.entry("MeshHTTPRouteSpec.To.rules", "Matches and what to do with matched requests."),
      Map.entry("MeshHTTPRouteSpec.RequestMirror.percentage", "Share of requests to mirror, 0-100, as a number or a string (\"12.5\")."),
      Map.entry("MeshTCPRouteSpec.targetRef", "What the route applies to; on a builtin gateway: kind MeshGateway, with tags selecting listeners."),
      Map.entry("MeshTCPRouteSpec.to", "Destinations and their weighted backends."),
      Map.entry("TargetRef.kind", "Kind of the referenced resource: Mesh, MeshGateway, MeshService, ..."),
      Map.entry("TargetRef.name", "Name of the referenced resource."),
      Map.entry("TargetRef.tags", "Tags selecting a subset (for MeshGateway: listeners)."),
      Map.entry("BackendRef.weight", "Relative share of the traffic (default 1)."),

      // MeshGatewayInstance
      Map.entry("MeshGatewayInstanceSpec.replicas", "Number of gateway proxy Pods (default 1)."),
      Map.entry("MeshGatewayInstanceSpec.serviceType", "Type of the Service in front of the gateway Pods (default LoadBalancer)."),
      Map.entry("MeshGatewayInstanceSpec.tags", "Tags of the gateway proxies; kuma.io/service selects the MeshGateway."),
      Map.entry("MeshGatewayInstanceSpec.resources", "Compute requests and limits of the proxy container."),
      Map.entry("MeshGatewayInstanceSpec.serviceTemplate", "Metadata and settings copied onto the managed Service."),
      Map.entry("MeshGatewayInstanceSpec.podTemplate", "Metadata and settings copied onto the managed Pods."),
      Map.entry("MeshGatewayInstanceStatus.conditions", "Observations of the controller; Ready says whether the gateway Pods and Service are up."),
      Map.entry("MeshGatewayInstanceStatus.loadBalancer", "Addresses of the managed Service's load balancer."),
      Map.entry("MeshGatewayInstanceStatus.Condition.type", "Condition type, e.g. Ready."),
      Map.entry("MeshGatewayInstanceStatus.Condition.status", "True, False or Unknown."),
      Map.entry("MeshGatewayInstanceStatus.Condition.reason", "Why the condition has its status, in CamelCase."),
      Map.entry("MeshGatewayInstanceStatus.Condition.message", "The reason in words."),

      // DataplaneInsight
      Map.entry("DataplaneInsightSpec.subscriptions", "The proxy's ADS connections to control-plane instances, newest last."),
      Map.entry("ZoneIngressInsightSpec.subscriptions", "The ingress's ADS connections to zone control-plane instances, newest last."),
      // Zone, ZoneInsight
      Map.entry("ZoneSpec.enabled", "Whether the zone takes part in the deployment; absent means true."),
      Map.entry("ZoneInsightSpec.subscriptions", "The zone control plane's connection passes to global, newest last (the last 5 are kept)."));

  /** The description of a component, or null. */
  static String of(Class<?> record, String component) {
    return TABLE.get(key(record) + "." + component);
  }

  /** Every key the table holds, for the test that checks each one still names a component. */
  static java.util.Set<String> keys() {
    return TABLE.keySet();
  }

  /** {@code MeshGatewaySpec.Listener} for the nested record {@code ...gateway.MeshGatewaySpec$Listener}. */
  static String key(Class<?> record) {
    return record.getName().substring(record.getPackageName().length() + 1).replace('$', '.');
  }
}
