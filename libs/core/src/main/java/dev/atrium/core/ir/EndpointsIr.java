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

  /** One host; {@code weight} is its share of the load among the cluster's hosts (at least 1). */
  public record Endpoint(String address, int port, int weight) {
    public Endpoint {
      Objects.requireNonNull(address, "address");
      if (weight < 1) throw new IllegalArgumentException("endpoint weight must be at least 1, got " + weight);
    }
  }
}
