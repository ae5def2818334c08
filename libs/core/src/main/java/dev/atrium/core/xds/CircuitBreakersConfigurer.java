package dev.atrium.core.xds;

import com.google.protobuf.UInt32Value;
import dev.atrium.core.ir.CircuitBreakerIr;
import dev.atrium.core.ir.CircuitBreakerIr.Limits;
import dev.atrium.core.ir.CircuitBreakerIr.OutlierDetectionIr;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.type.v3.Percent;
import java.util.function.Consumer;

/**
 * A MeshCircuitBreaker on a cluster: the default-priority {@code circuit_breakers} thresholds (always with
 * {@code track_remaining}, so Envoy's remaining-capacity gauges show how close the cluster is) and
 * {@code outlier_detection}. Each detector the policy names is enforced at 100 %; one it does not name
 * at 0 %, because Envoy would otherwise eject after its own default of five consecutive 5xx.
 */
final class CircuitBreakersConfigurer implements ClusterConfigurer {
  private static final UInt32Value OFF = UInt32Value.of(0);
  private static final UInt32Value ON = UInt32Value.of(100);

  private final CircuitBreakerIr breaker;

  CircuitBreakersConfigurer(CircuitBreakerIr breaker) {
    this.breaker = breaker;
  }

  @Override
  public void configure(Cluster.Builder cluster) {
    CircuitBreakers.Thresholds.Builder t = CircuitBreakers.Thresholds.newBuilder()
        .setPriority(RoutingPriority.DEFAULT)
        .setTrackRemaining(true);
    Limits l = breaker.limits();
    if (l != null) {
      set(l.maxConnections(), v -> t.setMaxConnections(v));
      set(l.maxPendingRequests(), v -> t.setMaxPendingRequests(v));
      set(l.maxRequests(), v -> t.setMaxRequests(v));
      set(l.maxRetries(), v -> t.setMaxRetries(v));
      set(l.maxConnectionPools(), v -> t.setMaxConnectionPools(v));
    }
    cluster.setCircuitBreakers(CircuitBreakers.newBuilder().addThresholds(t));
    OutlierDetectionIr od = breaker.outlierDetection();
    if (od != null) outlierDetection(cluster, od);
  }

  private static void outlierDetection(Cluster.Builder cluster, OutlierDetectionIr od) {
    OutlierDetection.Builder o = OutlierDetection.newBuilder();
    if (od.interval() != null) o.setInterval(EnvoyProtos.duration(od.interval()));
    if (od.baseEjectionTime() != null) o.setBaseEjectionTime(EnvoyProtos.duration(od.baseEjectionTime()));
    set(od.maxEjectionPercent(), o::setMaxEjectionPercent);
    if (od.splitExternalLocalOriginErrors() != null) {
      o.setSplitExternalLocalOriginErrors(od.splitExternalLocalOriginErrors());
    }
    o.setEnforcingConsecutive5Xx(od.consecutive5xx() == null ? OFF : ON);
    set(od.consecutive5xx(), o::setConsecutive5Xx);
    o.setEnforcingConsecutiveGatewayFailure(od.consecutiveGatewayFailure() == null ? OFF : ON);
    set(od.consecutiveGatewayFailure(), o::setConsecutiveGatewayFailure);
    o.setEnforcingConsecutiveLocalOriginFailure(od.consecutiveLocalOriginFailure() == null ? OFF : ON);
    set(od.consecutiveLocalOriginFailure(), o::setConsecutiveLocalOriginFailure);
    // The local-origin enforcement fields only count when split_external_local_origin_errors is on.
    o.setEnforcingSuccessRate(od.successRate() ? ON : OFF);
    o.setEnforcingLocalOriginSuccessRate(od.successRate() ? ON : OFF);
    set(od.successRateMinimumHosts(), o::setSuccessRateMinimumHosts);
    set(od.successRateRequestVolume(), o::setSuccessRateRequestVolume);
    set(od.successRateStdevFactor(), o::setSuccessRateStdevFactor);
    o.setEnforcingFailurePercentage(od.failurePercentage() ? ON : OFF);
    o.setEnforcingFailurePercentageLocalOrigin(od.failurePercentage() ? ON : OFF);
    set(od.failurePercentageMinimumHosts(), o::setFailurePercentageMinimumHosts);
    set(od.failurePercentageRequestVolume(), o::setFailurePercentageRequestVolume);
    set(od.failurePercentageThreshold(), o::setFailurePercentageThreshold);
    cluster.setOutlierDetection(o);
    if (od.healthyPanicThreshold() != null) {
      cluster.getCommonLbConfigBuilder().setHealthyPanicThreshold(Percent.newBuilder().setValue(od.healthyPanicThreshold()));
    }
  }

  private static void set(Long value, Consumer<UInt32Value> setter) {
    if (value != null) setter.accept(UInt32Value.of((int) value.longValue()));
  }
}
