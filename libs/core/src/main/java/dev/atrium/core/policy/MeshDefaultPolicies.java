package dev.atrium.core.policy;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.codec.ResourceDecoder;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The connection policies Kuma 2.14 creates with every Mesh: timeouts for sidecars and for gateways,
 * retries and circuit-breaker limits, each named {@code <prefix>-<mesh>}. A Mesh's
 * {@code skipCreatingInitialPolicies} leaves out the kinds it lists ({@code *}: all of them). The values
 * are Kuma's, so a mesh behaves the same on either control plane; the store writes them once, with the
 * Mesh, and users may edit or delete them afterwards.
 */
public final class MeshDefaultPolicies {
  private MeshDefaultPolicies() {}

  public static final String SKIP_ALL = "*";

  /** Name prefixes, in the order the store writes them. */
  public static final String TIMEOUT = "mesh-timeout-all";
  public static final String GATEWAYS_TIMEOUT = "mesh-gateways-timeout-all";
  public static final String RETRY = "mesh-retry-all";
  public static final String CIRCUIT_BREAKER = "mesh-circuit-breaker-all";

  private static final Map<String, ResourceKind> KINDS = Map.of(TIMEOUT, ResourceKind.MESH_TIMEOUT,
      GATEWAYS_TIMEOUT, ResourceKind.MESH_TIMEOUT, RETRY, ResourceKind.MESH_RETRY,
      CIRCUIT_BREAKER, ResourceKind.MESH_CIRCUIT_BREAKER);

  // Sidecars: outbound limits, and inbound ones twice as long (or off) so that the caller's side gives up first.
  private static final String TIMEOUT_SPEC = """
      targetRef: {kind: Mesh, proxyTypes: [Sidecar]}
      from:
        - targetRef: {kind: Mesh}
          default:
            connectionTimeout: 10s
            idleTimeout: 2h
            http: {requestTimeout: 0s, streamIdleTimeout: 1h, maxStreamDuration: 0s}
      to:
        - targetRef: {kind: Mesh}
          default:
            connectionTimeout: 5s
            idleTimeout: 1h
            http: {requestTimeout: 15s, streamIdleTimeout: 30m}
      """;

  // Gateways face clients outside the mesh: short header and stream-idle limits on their listeners.
  private static final String GATEWAYS_TIMEOUT_SPEC = """
      targetRef: {kind: Mesh, proxyTypes: [Gateway]}
      from:
        - targetRef: {kind: Mesh}
          default:
            idleTimeout: 5m
            http: {streamIdleTimeout: 5s, requestHeadersTimeout: 500ms}
      to:
        - targetRef: {kind: Mesh}
          default:
            idleTimeout: 1h
            http: {streamIdleTimeout: 5s}
      """;

  private static final String RETRY_SPEC = """
      targetRef: {kind: Mesh}
      to:
        - targetRef: {kind: Mesh}
          default:
            tcp: {maxConnectAttempt: 5}
            http:
              numRetries: 5
              perTryTimeout: 16s
              backOff: {baseInterval: 25ms, maxInterval: 250ms}
            grpc:
              numRetries: 5
              perTryTimeout: 16s
              backOff: {baseInterval: 25ms, maxInterval: 250ms}
      """;

  private static final String CIRCUIT_BREAKER_SPEC = """
      targetRef: {kind: Mesh}
      to:
        - targetRef: {kind: Mesh}
          default:
            connectionLimits: {maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3}
      """;

  private static final List<Map.Entry<String, String>> SPECS = List.of(Map.entry(TIMEOUT, TIMEOUT_SPEC),
      Map.entry(GATEWAYS_TIMEOUT, GATEWAYS_TIMEOUT_SPEC), Map.entry(RETRY, RETRY_SPEC),
      Map.entry(CIRCUIT_BREAKER, CIRCUIT_BREAKER_SPEC));

  /**
   * The default policies of {@code mesh} that {@code skip} does not leave out. {@code systemNamespace}
   * non-null (a Kubernetes store): each is the object {@code <prefix>-<mesh>} in that namespace, i.e. the
   * resource {@code <prefix>-<mesh>.<namespace>} with the namespace and display-name labels, as Kuma
   * names policies there; null: the resource {@code <prefix>-<mesh>}.
   */
  public static List<Resource> forMesh(String mesh, List<String> skip, String systemNamespace) {
    List<Resource> out = new ArrayList<>();
    if (skip != null && skip.contains(SKIP_ALL)) return out;
    for (Map.Entry<String, String> e : SPECS) {
      ResourceKind kind = KINDS.get(e.getKey());
      if (skip != null && skip.contains(kind.typeName())) continue;
      String name = e.getKey() + "-" + mesh;
      String indented = e.getValue().indent(2);
      Resource r = ResourceCodec.decode("type: " + kind.typeName() + "\nmesh: " + mesh + "\nname: " + name
          + "\nspec:\n" + indented);
      if (systemNamespace != null) {
        r = new Resource(kind, ResourceMeta.of(mesh, name + "." + systemNamespace).withLabels(Map.of(
            ResourceDecoder.LABEL_NAMESPACE, systemNamespace, ResourceDecoder.LABEL_DISPLAY_NAME, name)), r.spec());
      }
      out.add(r);
    }
    return out;
  }
}
