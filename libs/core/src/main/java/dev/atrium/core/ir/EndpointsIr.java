package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The hosts of one EDS cluster (an Envoy ClusterLoadAssignment). Every EDS cluster has one, with an
 * empty list when its service has no ready endpoint, so that Envoy never waits for it.
 */
public record EndpointsIr(
    String cluster,
    // Written even when empty: "no endpoints" is a state worth seeing in a dump.
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Endpoint> endpoints) {
  public EndpointsIr {
    Objects.requireNonNull(cluster, "cluster");
    endpoints = List.copyOf(endpoints);
  }

  /**
   * One host; {@code weight} is its share of the load among the cluster's hosts of its priority (at
   * least 1).
   *
   * @param zone the other zone the host is the ingress of; null for a host of this zone
   * @param priority Envoy's priority: 0 for this zone's hosts, 1 for other zones' ingresses, which get
   *     traffic only as far as this zone's hosts are missing or unhealthy (Kuma prefers the local zone
   *     only when asked to; Atrium always does)
   */
  public record Endpoint(String address, int port, int weight,
      @JsonInclude(JsonInclude.Include.NON_NULL) String zone,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) int priority) {
    public Endpoint {
      Objects.requireNonNull(address, "address");
      if (weight < 1) throw new IllegalArgumentException("endpoint weight must be at least 1, got " + weight);
      if (priority < 0) throw new IllegalArgumentException("endpoint priority must not be negative, got " + priority);
    }

    /** A host of this zone. */
    public Endpoint(String address, int port, int weight) {
      this(address, port, weight, null, 0);
    }
  }
}
