package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.CircuitBreakerIr;
import dev.atrium.core.ir.CircuitBreakerIr.Limits;
import dev.atrium.core.ir.CircuitBreakerIr.OutlierDetectionIr;
import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.legacy.CircuitBreakerSpec;
import dev.atrium.core.model.legacy.CircuitBreakerSpec.Detectors;
import dev.atrium.core.policy.Origin;
import java.util.TreeMap;

/**
 * Kuma's legacy CircuitBreaker on a cluster: thresholds and outlier detection for the cluster's single
 * destination. A detector named without {@code consecutive} keeps Envoy's default of 5, as Kuma leaves
 * the field unset there. MeshCircuitBreaker wins on any cluster it already configured.
 */
final class LegacyCircuitBreakerPlugin implements PolicyPlugin {

  /** Envoy's consecutive-error default, which Kuma's legacy configurer relies on. */
  private static final long ENVOY_CONSECUTIVE_DEFAULT = 5;

  @Override
  public ResourceKind kind() {
    return ResourceKind.CIRCUIT_BREAKER;
  }

  @Override
  public ClusterIr cluster(ProxyPolicyContext ctx, ClusterIr cluster) {
    if (cluster.policies().circuitBreaker() != null) return cluster;
    return LegacyPolicies.forCluster(ctx, kind(), cluster)
        .map(LegacyCircuitBreakerPlugin::breaker)
        .map(b -> cluster.withPolicies(cluster.policies().withCircuitBreaker(b), null))
        .orElse(cluster);
  }

  static CircuitBreakerIr breaker(Resource policy) {
    CircuitBreakerSpec.Conf c = policy.specAs(CircuitBreakerSpec.class).conf();
    if (c == null) return null;
    CircuitBreakerSpec.Thresholds t = c.thresholds();
    Limits limits = t == null ? null
        : new Limits(t.maxConnections(), null, t.maxPendingRequests(), t.maxRetries(), t.maxRequests());
    Detectors d = c.detectors();
    OutlierDetectionIr od = null;
    if (d != null) {
      CircuitBreakerSpec.StandardDeviation sd = d.standardDeviation();
      CircuitBreakerSpec.Failure f = d.failure();
      od = new OutlierDetectionIr(LegacyPolicies.duration(c.interval()), LegacyPolicies.duration(c.baseEjectionTime()),
          c.maxEjectionPercent(), c.splitExternalAndLocalErrors(), consecutive(d.totalErrors()),
          consecutive(d.gatewayErrors()), consecutive(d.localErrors()), sd != null,
          sd == null ? null : sd.minimumHosts(), sd == null ? null : sd.requestVolume(),
          sd == null || sd.factor() == null ? null : Math.round(sd.factor() * 1000), f != null,
          f == null ? null : f.minimumHosts(), f == null ? null : f.requestVolume(), f == null ? null : f.threshold(), null);
    }
    TreeMap<String, Origin> setBy = new TreeMap<>();
    Origin origin = LegacyPolicies.origin(policy);
    if (limits != null) setBy.put("thresholds", origin);
    if (od != null) setBy.put("detectors", origin);
    return setBy.isEmpty() ? null : new CircuitBreakerIr(limits, od, setBy);
  }

  private static Long consecutive(CircuitBreakerSpec.Errors e) {
    if (e == null) return null;
    return e.consecutive() == null ? ENVOY_CONSECUTIVE_DEFAULT : e.consecutive();
  }
}
