package dev.atrium.core.ir;

import java.util.Objects;

/** One of several clusters sharing a listener's or route's traffic: {@code weight} parts of the sum of all weights. */
public record WeightedCluster(String cluster, int weight) {
  public WeightedCluster {
    Objects.requireNonNull(cluster, "cluster");
    if (weight < 0) throw new IllegalArgumentException("cluster " + cluster + ": a weight cannot be negative, got " + weight);
  }
}
