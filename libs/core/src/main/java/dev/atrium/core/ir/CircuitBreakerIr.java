package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the MeshCircuitBreakers that apply to one cluster merged into. {@code limits} become Envoy's
 * default-priority thresholds (with {@code track_remaining}, as Kuma sets whenever a policy applies);
 * {@code outlierDetection} is null when none is set or the merged one says {@code disabled}.
 *
 * @param setBy for each field set ({@code connectionLimits.maxConnections →
 *     MeshCircuitBreaker/cb spec.to[0]}), the policy entry whose value won, so inspection can say who set what
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CircuitBreakerIr(
    Limits limits,
    OutlierDetectionIr outlierDetection,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Origin> setBy) {

  public CircuitBreakerIr {
    setBy = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(setBy == null ? Map.of() : setBy));
  }

  /** Envoy's thresholds; a null field keeps Envoy's default (1024 connections, pending and requests, 3 retries). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Limits(Long maxConnections, Long maxConnectionPools, Long maxPendingRequests, Long maxRetries,
      Long maxRequests) {}

  /**
   * Envoy's outlier detection as Kuma writes it: each detector named is enforced at 100 %, each one
   * not named at 0 % (Envoy would otherwise enforce its consecutive-5xx default).
   *
   * @param successRateStdevFactor Kuma's decimal factor times 1000, as Envoy takes it
   * @param healthyPanicThreshold percent, a cluster-wide lb setting Kuma puts here
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OutlierDetectionIr(Duration interval, Duration baseEjectionTime, Long maxEjectionPercent,
      Boolean splitExternalLocalOriginErrors, Long consecutive5xx, Long consecutiveGatewayFailure,
      Long consecutiveLocalOriginFailure, boolean successRate, Long successRateMinimumHosts,
      Long successRateRequestVolume, Long successRateStdevFactor, boolean failurePercentage,
      Long failurePercentageMinimumHosts, Long failurePercentageRequestVolume, Long failurePercentageThreshold,
      Double healthyPanicThreshold) {}
}
