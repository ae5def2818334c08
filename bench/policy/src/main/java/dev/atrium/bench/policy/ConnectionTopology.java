package dev.atrium.bench.policy;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The mesh of the connection-policy mode: N sidecars {@code dp-i} over S = N/10 HTTP services, as in
 * bench/xds (one inbound offering {@code svc-(i mod S)} with tags {@code version} and {@code team}, outbounds
 * to the next two services), and P connection policies cycling through the five kinds — MeshTimeout,
 * MeshRetry, MeshCircuitBreaker ({@code to} entries), MeshRateLimit, MeshFaultInjection ({@code from}
 * entries) — whose top-level targetRefs mix Kuma's kinds: 1 in 100 Mesh, then MeshSubset (a team),
 * MeshService, MeshServiceSubset (a version) and Dataplane by name. Each has a Mesh entry and one naming a
 * service, so every proxy is selected by several policies of each kind and their entries merge.
 */
final class ConnectionTopology {
  private ConnectionTopology() {}

  static final List<ResourceKind> KINDS = List.of(ResourceKind.MESH_TIMEOUT, ResourceKind.MESH_RETRY,
      ResourceKind.MESH_CIRCUIT_BREAKER, ResourceKind.MESH_RATE_LIMIT, ResourceKind.MESH_FAULT_INJECTION);

  static MeshSnapshot build(int dataplanes, int policies) {
    int services = Math.max(3, dataplanes / 10);
    List<Resource> resources = new ArrayList<>();
    for (int i = 0; i < dataplanes; i++) resources.add(ResourceCodec.decode(dataplane(i, services)));
    for (int p = 0; p < policies; p++) resources.add(ResourceCodec.decode(policy(p, services, dataplanes)));
    return MeshSnapshot.of(new Resource(ResourceKind.MESH, ResourceMeta.of(null, PolicyTopology.MESH), MeshSpec.empty()),
        resources);
  }

  private static String dataplane(int i, int services) {
    return "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"dp-" + i + "\",\"networking\":{\"address\":\"10.0."
        + (i / 250) + "." + (i % 250) + "\",\"inbound\":[{\"port\":8080,\"servicePort\":18080,\"tags\":{\"kuma.io/service\":\""
        + "svc-" + (i % services) + "\",\"kuma.io/protocol\":\"http\",\"version\":\"v" + (i % 3) + "\",\"team\":\"team-" + (i % 50)
        + "\"}}],\"outbound\":[" + outbound(10001, (i + 1) % services) + "," + outbound(10002, (i + 2) % services) + "]}}";
  }

  private static String outbound(int port, int service) {
    return "{\"port\":" + port + ",\"tags\":{\"kuma.io/service\":\"svc-" + service + "\"}}";
  }

  private static String policy(int p, int services, int dataplanes) {
    ResourceKind kind = KINDS.get(p % KINDS.size());
    boolean to = kind == ResourceKind.MESH_TIMEOUT || kind == ResourceKind.MESH_RETRY || kind == ResourceKind.MESH_CIRCUIT_BREAKER;
    String named = "{\"kind\":\"MeshService\",\"name\":\"svc-" + ((p + 1) % services) + "\"}";
    String entries = "[{\"targetRef\":{\"kind\":\"Mesh\"},\"default\":" + conf(kind, p, 0) + "},"
        + "{\"targetRef\":" + named + ",\"default\":" + conf(kind, p, 1) + "}]";
    return "{\"type\":\"" + kind.typeName() + "\",\"mesh\":\"default\",\"name\":\"" + String.format("pol-%05d", p)
        + "\",\"spec\":{\"targetRef\":" + topLevel(p, services, dataplanes) + ",\"" + (to ? "to" : "from") + "\":" + entries + "}}";
  }

  private static String topLevel(int p, int services, int dataplanes) {
    if (p % 100 == 0) return "{\"kind\":\"Mesh\"}";
    String svc = "svc-" + (p % services);
    return switch ((p / 5) % 4) {
      case 0 -> "{\"kind\":\"MeshSubset\",\"tags\":{\"team\":\"team-" + (p % 50) + "\"}}";
      case 1 -> "{\"kind\":\"MeshService\",\"name\":\"" + svc + "\"}";
      case 2 -> "{\"kind\":\"MeshServiceSubset\",\"name\":\"" + svc + "\",\"tags\":{\"version\":\"v" + (p % 3) + "\"}}";
      default -> "{\"kind\":\"Dataplane\",\"name\":\"dp-" + (p % dataplanes) + "\"}";
    };
  }

  /** A valid {@code default} of the kind; {@code variant} and {@code p} vary the values so merges have work to do. */
  private static String conf(ResourceKind kind, int p, int variant) {
    int v = 1 + (p + variant) % 9;
    return switch (kind) {
      case MESH_TIMEOUT -> variant == 0
          ? "{\"connectionTimeout\":\"" + v + "s\",\"idleTimeout\":\"" + (60 + v) + "s\"}"
          : "{\"http\":{\"requestTimeout\":\"" + (10 + v) + "s\",\"streamIdleTimeout\":\"" + (30 + v) + "s\"}}";
      case MESH_RETRY -> variant == 0
          ? "{\"tcp\":{\"maxConnectAttempt\":" + v + "},\"http\":{\"numRetries\":" + v + "}}"
          : "{\"http\":{\"retryOn\":[\"5xx\",\"Reset\"],\"perTryTimeout\":\"" + v + "s\"}}";
      case MESH_CIRCUIT_BREAKER -> variant == 0
          ? "{\"connectionLimits\":{\"maxConnections\":" + (100 * v) + ",\"maxPendingRequests\":" + (10 * v) + "}}"
          : "{\"outlierDetection\":{\"detectors\":{\"totalFailures\":{\"consecutive\":" + v + "}}}}";
      case MESH_RATE_LIMIT -> "{\"local\":{\"http\":{\"requestRate\":{\"num\":" + (10 * v) + ",\"interval\":\"1s\"}}}}";
      case MESH_FAULT_INJECTION -> "{\"http\":[{\"abort\":{\"httpStatus\":" + (500 + v) + ",\"percentage\":" + v + "}}]}";
      default -> throw new IllegalArgumentException(kind.toString());
    };
  }
}
