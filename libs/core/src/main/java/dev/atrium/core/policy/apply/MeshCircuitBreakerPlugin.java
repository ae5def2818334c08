package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.CircuitBreakerIr;
import dev.atrium.core.ir.CircuitBreakerIr.Limits;
import dev.atrium.core.ir.CircuitBreakerIr.OutlierDetectionIr;
import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec.Conf;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec.ConnectionLimits;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec.Consecutive;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec.Detectors;
import dev.atrium.core.model.circuitbreaker.MeshCircuitBreakerSpec.OutlierDetection;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.PolicyKind;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * MeshCircuitBreaker on the IR: {@code to} entries, merged per destination service, on the cluster
 * reaching it — sidecar and delegated-gateway outbounds and a builtin gateway's backends alike. Sidecar
 * inbounds ({@code from}, {@code rules}) are left to a later step, as for MeshTimeout.
 */
final class MeshCircuitBreakerPlugin implements PolicyPlugin {

  static final PolicyKind<MeshCircuitBreakerSpec, Conf> KIND = new PolicyKind<>(ResourceKind.MESH_CIRCUIT_BREAKER,
      MeshCircuitBreakerSpec.class, Conf.class, MeshCircuitBreakerSpec::targetRef,
      s -> s.to().stream().map(t -> new PolicyKind.Targeted<>(t.targetRef(), t.defaultConf())).toList(),
      s -> s.from().stream().map(f -> new PolicyKind.Targeted<>(f.targetRef(), f.defaultConf())).toList());

  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH_CIRCUIT_BREAKER;
  }

  @Override
  public ClusterIr cluster(ProxyPolicyContext ctx, ClusterIr cluster) {
    var destinations = ctx.destinations(cluster);
    if (destinations.isEmpty()) return cluster;
    MergedConf<Conf> merged = ctx.mergedTo(KIND, ctx.selecting(KIND), destinations);
    if (merged.isEmpty()) return cluster;
    Conf c = merged.conf().orElseThrow();
    CircuitBreakerIr cb = new CircuitBreakerIr(limits(c.connectionLimits()), outlierDetection(c.outlierDetection()),
        merged.setBy());
    return cluster.withPolicies(cluster.policies().withCircuitBreaker(cb), null);
  }

  /** Null when no limit is set: Kuma still writes the (empty) default threshold with track_remaining. */
  private static Limits limits(ConnectionLimits l) {
    if (l == null) return null;
    return new Limits(l.maxConnections(), l.maxConnectionPools(), l.maxPendingRequests(), l.maxRetries(), l.maxRequests());
  }

  private static OutlierDetectionIr outlierDetection(OutlierDetection od) {
    if (od == null || Boolean.TRUE.equals(od.disabled())) return null;
    Detectors d = od.detectors() == null ? new Detectors(null, null, null, null, null) : od.detectors();
    var sr = d.successRate();
    var fp = d.failurePercentage();
    return new OutlierDetectionIr(duration(od.interval()), duration(od.baseEjectionTime()), od.maxEjectionPercent(),
        od.splitExternalAndLocalErrors(), consecutive(d.totalFailures()), consecutive(d.gatewayFailures()),
        consecutive(d.localOriginFailures()),
        sr != null, sr == null ? null : sr.minimumHosts(), sr == null ? null : sr.requestVolume(),
        sr == null || sr.standardDeviationFactor() == null ? null
            : new BigDecimal(sr.standardDeviationFactor().trim()).movePointRight(3).longValue(),
        fp != null, fp == null ? null : fp.minimumHosts(), fp == null ? null : fp.requestVolume(),
        fp == null ? null : fp.threshold(),
        od.healthyPanicThreshold() == null ? null : new BigDecimal(od.healthyPanicThreshold().trim()).doubleValue());
  }

  private static Long consecutive(Consecutive c) {
    return c == null ? null : c.consecutive();
  }

  private static Duration duration(String text) {
    return text == null ? null : GoDuration.parse(text).orElse(null);
  }
}
