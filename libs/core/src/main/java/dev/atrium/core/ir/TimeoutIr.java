package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The timeouts the MeshTimeouts that apply to one place merged into (null: not set by any, Envoy's or
 * translation's value stays; zero: disabled). Which fields a place uses: a cluster its connect and
 * idle timeouts and max connection duration, a route its request and stream idle timeouts and max
 * stream duration, a listener's HTTP connection manager its idle and stream idle timeouts, max
 * connection duration and request headers timeout.
 *
 * @param setBy for each field set, the policy entry whose value won ({@code http.requestTimeout →
 *     MeshTimeout/gw spec.to[0]}), so inspection can say who set what
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimeoutIr(
    Duration connectTimeout,
    Duration idleTimeout,
    Duration requestTimeout,
    Duration streamIdleTimeout,
    Duration maxStreamDuration,
    Duration maxConnectionDuration,
    Duration requestHeadersTimeout,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Origin> setBy) {

  public TimeoutIr {
    setBy = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(setBy == null ? Map.of() : setBy));
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  /** Every policy entry that won at least one field, first by name. */
  public List<Origin> origins() {
    return setBy.values().stream().distinct().sorted(java.util.Comparator.comparing(Origin::describe)).toList();
  }
}
